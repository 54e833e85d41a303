from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching import services
from coaching.models import DailyEntry, DailyEntryTask, DifficultyLevel, LegalFrame, WorkTask
from coaching.services import DailyEntryInput, TaskDone

from .conftest import at

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


@pytest.fixture
def task_and_level(tenant_a):
    return WorkTask.objects.order_by("pk").first(), DifficultyLevel.objects.get(level=1)


def _group(make_period, size, **kwargs):
    return [make_period("coaching", **kwargs) for _ in range(size)]


def _present(period, task_and_level, hours=Decimal(6), notes=""):
    task, level = task_and_level
    return DailyEntryInput(
        trainee_id=period.trainee_id,
        attendance="present",
        hours=hours,
        tasks=[TaskDone(task_id=task.pk, level_id=level.pk)],
        learning_notes=notes,
    )


def test_records_the_whole_group(staff, make_period, task_and_level):
    group = _group(make_period, 3)
    entries = [_present(p, task_and_level, notes=f"oppi {i}") for i, p in enumerate(group)]
    entries[2] = DailyEntryInput(trainee_id=group[2].trainee_id, attendance="absent_sick")

    rows = services.daily_log_record(
        actor=staff.coach, date=DAY, coach=staff.coach, entries=entries
    )

    assert len(rows) == 3
    assert sorted(
        DailyEntry.objects.filter(date=DAY).values_list("attendance", "hours", "learning_notes")
    ) == [
        ("absent_sick", Decimal("0.00"), ""),
        ("present", Decimal("6.00"), "oppi 0"),
        ("present", Decimal("6.00"), "oppi 1"),
    ]
    assert DailyEntryTask.objects.filter(entry__date=DAY).count() == 2


def test_resubmitting_the_day_updates_and_never_duplicates(staff, make_period, task_and_level):
    group = _group(make_period, 3)
    services.daily_log_record(
        actor=staff.coach,
        date=DAY,
        coach=staff.coach,
        entries=[_present(p, task_and_level) for p in group],
    )
    task, _ = task_and_level
    level_2 = DifficultyLevel.objects.get(level=2)
    corrected = [_present(p, task_and_level, hours=Decimal(7), notes="korjattu") for p in group]
    corrected[0].tasks = [TaskDone(task_id=task.pk, level_id=level_2.pk)]

    services.daily_log_record(actor=staff.coach, date=DAY, coach=staff.coach, entries=corrected)

    assert DailyEntry.objects.filter(date=DAY).count() == 3
    assert set(DailyEntry.objects.values_list("hours", "learning_notes")) == {
        (Decimal("7.00"), "korjattu")
    }
    assert DailyEntryTask.objects.count() == 3
    assert DailyEntryTask.objects.get(entry__period=group[0]).level == level_2


def _record_twice_counting(staff, group, task_and_level, django_assert_num_queries, expected):
    entries = [_present(p, task_and_level) for p in group]
    with django_assert_num_queries(expected[0]):
        services.daily_log_record(actor=staff.coach, date=DAY, coach=staff.coach, entries=entries)
    with django_assert_num_queries(expected[1]):
        services.daily_log_record(actor=staff.coach, date=DAY, coach=staff.coach, entries=entries)


# First submission: savepoint, periods, transitions, statuses, frames, tasks, levels, the rest
# of the week, existing, insert entries, insert tasks, insert audit events, release (13).
# Re-submission adds the update and the task delete. django-tenants sets the search path
# before each statement, which doubles every count.
QUERIES = (26, 30)


@pytest.mark.parametrize("size", [3, 12])
def test_constant_number_of_queries_whatever_the_group_size(
    staff, make_period, task_and_level, django_assert_num_queries, size
):
    group = _group(make_period, size)

    _record_twice_counting(staff, group, task_and_level, django_assert_num_queries, QUERIES)

    assert DailyEntry.objects.filter(date=DAY).count() == size


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (date(2026, 3, 1), "coaching"),  # before the period starts
        (DAY, "referred"),  # never active yet
        (date(2099, 1, 1), "coaching"),  # in the future
    ],
)
def test_date_outside_active_phases_is_refused(staff, make_period, task_and_level, day, phase):
    period = make_period(phase)

    with pytest.raises(ValidationError) as error:
        services.daily_log_record(
            actor=staff.coach,
            date=day,
            coach=staff.coach,
            entries=[_present(period, task_and_level)],
        )

    assert list(error.value.message_dict) == ["date"]
    assert DailyEntry.objects.count() == 0


def test_days_after_the_end_are_refused_but_days_before_it_are_kept(
    staff, make_period, task_and_level
):
    period = make_period("coaching")
    services.coaching_period_end(
        actor=staff.coach,
        period=period,
        outcome="education",
        at=at(date(2026, 3, 20), 12),
    )

    services.daily_log_record(
        actor=staff.coach, date=DAY, coach=staff.coach, entries=[_present(period, task_and_level)]
    )
    with pytest.raises(ValidationError) as error:
        services.daily_log_record(
            actor=staff.coach,
            date=date(2026, 3, 23),
            coach=staff.coach,
            entries=[_present(period, task_and_level)],
        )

    assert list(error.value.message_dict) == ["date"]
    assert list(DailyEntry.objects.values_list("date", flat=True)) == [DAY]


def test_trainee_of_another_coach_is_refused(staff, make_period, task_and_level):
    period = make_period("coaching", coach=staff.coach2)

    with pytest.raises(ValidationError) as error:
        services.daily_log_record(
            actor=staff.coach,
            date=DAY,
            coach=staff.coach,
            entries=[_present(period, task_and_level)],
        )

    assert list(error.value.message_dict) == ["date"]


@pytest.mark.parametrize("hours", [Decimal("3.5"), Decimal("8.25")])
def test_hours_outside_the_status_frame_are_refused(staff, make_period, task_and_level, hours):
    period = make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.daily_log_record(
            actor=staff.coach,
            date=DAY,
            coach=staff.coach,
            entries=[_present(period, task_and_level, hours=hours)],
        )

    assert list(error.value.message_dict) == ["hours"]


def test_absent_trainee_has_no_hours(staff, make_period):
    period = make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.daily_log_record(
            actor=staff.coach,
            date=DAY,
            coach=staff.coach,
            entries=[
                DailyEntryInput(
                    trainee_id=period.trainee_id, attendance="absent_agreed", hours=Decimal(2)
                )
            ],
        )

    assert list(error.value.message_dict) == ["hours"]


def test_one_bad_entry_writes_nothing_for_the_group(staff, make_period, task_and_level):
    group = _group(make_period, 3)
    entries = [_present(p, task_and_level) for p in group]
    entries[1] = _present(group[1], task_and_level, hours=Decimal(10))

    with pytest.raises(ValidationError):
        services.daily_log_record(actor=staff.coach, date=DAY, coach=staff.coach, entries=entries)

    assert DailyEntry.objects.count() == 0
    assert DailyEntryTask.objects.count() == 0


def test_same_trainee_twice_is_refused(staff, make_period, task_and_level):
    period = make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.daily_log_record(
            actor=staff.coach,
            date=DAY,
            coach=staff.coach,
            entries=[_present(period, task_and_level), _present(period, task_and_level)],
        )

    assert list(error.value.message_dict) == ["entries"]


# --- The legal frame holds for what is recorded, week by week ---------------------------------

WEEK = [date(2026, 3, 9) + timedelta(days=offset) for offset in range(7)]  # Monday to Sunday


@pytest.fixture
def rehabilitative(staff, make_period, status):
    """A period in rehabilitative work activity: 1–4 days, 4–8 h a day, at most 32 h a week."""
    period = make_period("coaching", work_trial=False)
    services.period_status_add(
        actor=staff.admin,
        period=period,
        status=status("rehabilitative_work"),
        valid_from=period.start_on,
        valid_until=date(2026, 8, 31),
        days_per_week=4,
        hours_per_day=Decimal(6),
    )
    return period


def _record(staff, period, day, task_and_level, hours=Decimal(6)):
    return services.daily_log_record(
        actor=staff.coach,
        date=day,
        coach=staff.coach,
        entries=[_present(period, task_and_level, hours=hours)],
    )


def test_rehabilitative_work_refuses_a_fifth_present_day_in_a_week(
    staff, rehabilitative, task_and_level
):
    for day in WEEK[:4]:
        _record(staff, rehabilitative, day, task_and_level)

    with pytest.raises(ValidationError) as error:
        _record(staff, rehabilitative, WEEK[4], task_and_level)

    assert list(error.value.message_dict) == ["attendance"]
    (message,) = error.value.message_dict["attendance"]
    assert "5 days" in message
    assert "at most 4" in message
    assert str(rehabilitative.trainee) in message
    assert DailyEntry.objects.filter(period=rehabilitative).count() == 4


def test_the_week_limit_counts_present_days_only_and_resets_on_monday(
    staff, rehabilitative, task_and_level
):
    for day in WEEK[:4]:
        _record(staff, rehabilitative, day, task_and_level)
    # Re-recording a day of the week corrects it rather than adding a day.
    _record(staff, rehabilitative, WEEK[3], task_and_level, hours=Decimal(7))
    services.daily_log_record(
        actor=staff.coach,
        date=WEEK[4],
        coach=staff.coach,
        entries=[DailyEntryInput(trainee_id=rehabilitative.trainee_id, attendance="absent_agreed")],
    )
    _record(staff, rehabilitative, WEEK[6] + timedelta(days=1), task_and_level)  # next Monday

    assert DailyEntry.objects.filter(period=rehabilitative, attendance="present").count() == 5


def test_hours_per_week_of_the_frame_hold(staff, make_period, task_and_level):
    period = make_period("coaching")  # work trial: 5 days, 4–8 h a day
    LegalFrame.objects.filter(status__code="work_trial").update(max_hours_per_week=Decimal(22))
    for day in WEEK[:3]:
        _record(staff, period, day, task_and_level)

    with pytest.raises(ValidationError) as error:
        _record(staff, period, WEEK[3], task_and_level)

    assert list(error.value.message_dict) == ["hours"]
    assert "24.00 hours" in error.value.message_dict["hours"][0]
    _record(staff, period, WEEK[3], task_and_level, hours=Decimal(4))  # 22 h: allowed
