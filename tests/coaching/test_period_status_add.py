from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching import services
from coaching.models import LegalFrame, ParticipationStatus, PeriodStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(make_period):
    return make_period("coaching", planned_end=date(2028, 12, 31), work_trial=False)


def _add(staff, period, status, **overrides):
    params = {
        "valid_from": date(2026, 3, 2),
        "valid_until": date(2026, 6, 30),
        "days_per_week": 4,
        "hours_per_day": Decimal(6),
    }
    params.update(overrides)
    return services.period_status_add(actor=staff.coach, period=period, status=status, **params)


def _refusal(callable_, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        callable_(*args, **kwargs)
    return error.value.message_dict


@pytest.fixture
def custom_status(tenant_a):
    """A status with a weekly hour cap and a total month cap but no per-organiser cap."""
    status = ParticipationStatus.objects.create(code="custom", name="Testitila")
    LegalFrame.objects.create(
        status=status,
        valid_from=date(2020, 1, 1),
        min_days_per_week=1,
        max_days_per_week=5,
        min_hours_per_day=Decimal(4),
        max_hours_per_day=Decimal(8),
        max_hours_per_week=Decimal(20),
        max_months_total=4,
    )
    return status


@pytest.mark.parametrize(
    ("code", "days", "hours", "valid_until"),
    [
        ("work_trial", 5, Decimal(8), date(2026, 8, 31)),
        ("work_trial", 1, Decimal(4), date(2026, 3, 2)),
        ("rehabilitative_work", 4, Decimal(8), date(2026, 6, 1)),
        ("rehabilitative_work", 1, Decimal(4), date(2028, 3, 1)),
    ],
)
def test_statuses_within_their_frame_are_accepted(
    staff, period, status, code, days, hours, valid_until
):
    row = _add(
        staff,
        period,
        status(code),
        days_per_week=days,
        hours_per_day=hours,
        valid_until=valid_until,
    )

    assert PeriodStatus.objects.get(pk=row.pk).days_per_week == days


@pytest.mark.parametrize(
    ("code", "overrides", "expected"),
    [
        (
            "rehabilitative_work",
            {"days_per_week": 5},
            {"days_per_week": ["Days per week must be between 1 and 4 for this status."]},
        ),
        (
            "work_trial",
            {"hours_per_day": Decimal("8.5")},
            {"hours_per_day": ["Hours per day must be between 4.00 and 8.00 for this status."]},
        ),
        (
            "work_trial",
            {"hours_per_day": Decimal(3)},
            {"hours_per_day": ["Hours per day must be between 4.00 and 8.00 for this status."]},
        ),
        (
            "work_trial",
            {"valid_until": date(2026, 9, 2)},
            {
                "valid_until": [
                    "The trainee would have more than 6 months of this status with this organiser."
                ]
            },
        ),
        (
            "rehabilitative_work",
            {"valid_until": date(2028, 3, 2)},
            {"valid_until": ["A period of this status may last at most 24 months."]},
        ),
        (
            "rehabilitative_work",
            {"valid_until": date(2026, 5, 31)},
            {"valid_until": ["A period of this status must last at least 3 months."]},
        ),
        (
            "work_trial",
            {"valid_until": None},
            {"valid_until": ["This status needs an end date."]},
        ),
        (
            "employment",
            {},
            {"subsidy_type": ["This status needs a subsidy type."]},
        ),
    ],
)
def test_statuses_outside_their_frame_are_refused(staff, period, status, code, overrides, expected):
    assert _refusal(_add, staff, period, status(code), **overrides) == expected
    assert PeriodStatus.objects.filter(period=period).count() == 0


def test_six_calendar_months_of_work_trial_is_the_limit(staff, period, status):
    row = _add(staff, period, status("work_trial"), valid_until=date(2026, 9, 1))

    assert (row.valid_from, row.valid_until) == (date(2026, 3, 2), date(2026, 9, 1))


def test_months_with_the_same_organiser_add_up(staff, period, status):
    _add(staff, period, status("work_trial"), valid_until=date(2026, 6, 30))

    refusal = _refusal(
        _add,
        staff,
        period,
        status("work_trial"),
        valid_from=date(2026, 7, 1),
        valid_until=date(2026, 9, 30),
    )
    accepted = _add(
        staff,
        period,
        status("work_trial"),
        valid_from=date(2026, 7, 1),
        valid_until=date(2026, 8, 31),
    )

    assert list(refusal) == ["valid_until"]
    assert accepted.valid_until == date(2026, 8, 31)


def test_months_of_earlier_periods_count(staff, make_period, status):
    earlier = make_period("coaching", work_trial=False)
    _add(staff, earlier, status("work_trial"), valid_until=date(2026, 6, 30))
    services.coaching_period_end(actor=staff.coach, period=earlier, outcome="unknown")
    later = make_period("coaching", trainee=earlier.trainee, work_trial=False)

    refusal = _refusal(
        _add,
        staff,
        later,
        status("work_trial"),
        valid_from=date(2026, 7, 1),
        valid_until=date(2026, 10, 1),
    )

    assert list(refusal) == ["valid_until"]


def test_weekly_hour_cap(staff, period, custom_status):
    refusal = _refusal(_add, staff, period, custom_status, days_per_week=4, hours_per_day=6)
    accepted = _add(staff, period, custom_status, days_per_week=3, hours_per_day=6)

    assert refusal == {
        "hours_per_day": ["The week would have more than 20.00 hours for this status."]
    }
    assert accepted.days_per_week == 3


def test_total_month_cap(staff, period, custom_status):
    refusal = _refusal(
        _add, staff, period, custom_status, days_per_week=2, valid_until=date(2026, 7, 2)
    )
    accepted = _add(staff, period, custom_status, days_per_week=2, valid_until=date(2026, 7, 1))

    assert refusal == {
        "valid_until": ["The trainee would have more than 4 months of this status in total."]
    }
    assert accepted.valid_until == date(2026, 7, 1)


def test_frame_is_the_one_valid_on_the_start_date(staff, period, status):
    rehab = status("rehabilitative_work")
    LegalFrame.objects.create(
        status=rehab,
        valid_from=date(2027, 1, 1),
        min_days_per_week=1,
        max_days_per_week=5,
        min_hours_per_day=Decimal(4),
        max_hours_per_day=Decimal(8),
    )

    before = _refusal(_add, staff, period, rehab, days_per_week=5)
    after = _add(
        staff,
        period,
        rehab,
        days_per_week=5,
        valid_from=date(2027, 1, 1),
        valid_until=date(2027, 6, 30),
    )

    assert list(before) == ["days_per_week"]
    assert after.days_per_week == 5


def test_no_frame_valid_on_the_start_date(staff, make_period, status):
    period = make_period("coaching", start=date(2024, 1, 1), work_trial=False)

    refusal = _refusal(
        _add, staff, period, status("work_trial"), valid_from=date(2024, 6, 1), valid_until=None
    )

    assert refusal == {"status": ["No legal frame of this status is valid on the start date."]}


def test_employment_records_subsidy_type(staff, period, status):
    row = _add(staff, period, status("employment"), valid_until=None, subsidy_type="palkkatuki")

    assert row.subsidy_type == "palkkatuki"


def test_new_status_closes_the_open_one(staff, period, status):
    first = _add(staff, period, status("employment"), valid_until=None, subsidy_type="palkkatuki")

    _add(staff, period, status("career_coaching"), valid_from=date(2026, 5, 1), valid_until=None)

    first.refresh_from_db()
    assert first.valid_until == date(2026, 4, 30)


def test_refused_status_leaves_the_open_one_open(staff, period, status):
    first = _add(staff, period, status("employment"), valid_until=None, subsidy_type="palkkatuki")

    with pytest.raises(ValidationError):
        _add(
            staff,
            period,
            status("rehabilitative_work"),
            valid_from=date(2026, 5, 1),
            days_per_week=5,
        )

    first.refresh_from_db()
    assert first.valid_until is None
    assert PeriodStatus.objects.filter(period=period).count() == 1


def test_overlapping_statuses_are_refused(staff, period, status):
    _add(staff, period, status("work_trial"), valid_until=date(2026, 4, 30))

    refusal = _refusal(
        _add,
        staff,
        period,
        status("career_coaching"),
        valid_from=date(2026, 4, 1),
        valid_until=None,
    )

    assert refusal == {"valid_from": ["The status overlaps another status of the period."]}
