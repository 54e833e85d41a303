from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching import selectors, services
from coaching.models import ActivityParticipant, ActivityType
from coaching.services import ParticipantInput

from .conftest import at

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


@pytest.fixture
def info_session(tenant_a):
    return ActivityType.objects.get(code="info_session")


@pytest.fixture
def make_activity(staff, info_session):
    def make(starts_at=None, **extra):
        return services.activity_create(
            actor=staff.coach,
            activity_type=info_session,
            title="Velkaneuvonnan infotilaisuus",
            starts_at=starts_at or at(DAY, 10),
            ends_at=(starts_at or at(DAY, 10)) + timedelta(hours=2),
            place="Kokoushuone Kaisla",
            organiser="Talous- ja velkaneuvonta",
            **extra,
        )

    return make


def test_default_activity_types_are_seeded(tenant_a):
    assert list(ActivityType.objects.values_list("code", flat=True)) == [
        "info_session",
        "workplace_visit",
        "school_visit",
        "job_search_session",
        "digital_skills_mapping",
        "other",
    ]


def test_attendance_of_a_group_in_one_call(staff, make_period, make_activity):
    activity = make_activity()
    group = [make_period("coaching") for _ in range(3)]

    rows = services.activity_attendance_record(
        actor=staff.coach,
        activity=activity,
        participants=[
            ParticipantInput(group[0].pk, "attended"),
            ParticipantInput(group[1].pk, "absent_excused", note="lääkäri"),
            ParticipantInput(group[2].pk, "absent_unexplained"),
        ],
    )

    assert len(rows) == 3
    assert sorted(
        ActivityParticipant.objects.filter(activity=activity).values_list(
            "period", "attendance", "note", "recorded_by"
        )
    ) == [
        (group[0].pk, "attended", "", staff.coach.pk),
        (group[1].pk, "absent_excused", "lääkäri", staff.coach.pk),
        (group[2].pk, "absent_unexplained", "", staff.coach.pk),
    ]


def test_registration_in_advance_then_attendance_updates_never_duplicates(
    staff, make_period, make_activity
):
    activity = make_activity(starts_at=timezone.now() + timedelta(days=3))
    group = [make_period("coaching") for _ in range(2)]
    services.activity_attendance_record(
        actor=staff.coach,
        activity=activity,
        participants=[ParticipantInput(p.pk) for p in group],
    )
    assert set(ActivityParticipant.objects.values_list("attendance", flat=True)) == {"registered"}

    with pytest.raises(ValidationError) as error:
        services.activity_attendance_record(
            actor=staff.coach,
            activity=activity,
            participants=[ParticipantInput(group[0].pk, "attended")],
        )
    assert list(error.value.message_dict) == ["attendance"]

    activity.starts_at = timezone.now() - timedelta(minutes=5)
    activity.save()
    for _ in range(2):
        services.activity_attendance_record(
            actor=staff.agent,
            activity=activity,
            participants=[ParticipantInput(p.pk, "attended") for p in group],
        )

    assert list(ActivityParticipant.objects.values_list("attendance", "recorded_by")) == [
        ("attended", staff.agent.pk),
        ("attended", staff.agent.pk),
    ]


# savepoint, periods, their transitions, existing participants, insert, insert audit events,
# release (7); a re-submission updates instead of inserting. django-tenants sets the search
# path before each statement, which doubles every count.
QUERIES = (14, 14)


@pytest.mark.parametrize("size", [3, 12])
def test_constant_number_of_queries_whatever_the_number_of_participants(
    staff, make_period, make_activity, django_assert_num_queries, size
):
    activity = make_activity()
    participants = [ParticipantInput(make_period("coaching").pk, "attended") for _ in range(size)]

    with django_assert_num_queries(QUERIES[0]):
        services.activity_attendance_record(
            actor=staff.coach, activity=activity, participants=participants
        )
    with django_assert_num_queries(QUERIES[1]):
        services.activity_attendance_record(
            actor=staff.coach, activity=activity, participants=participants
        )

    assert ActivityParticipant.objects.filter(activity=activity).count() == size


def test_participant_needs_a_period_open_on_the_activity_date(staff, make_period, make_activity):
    ended = make_period("coaching")
    services.coaching_period_end(
        actor=staff.coach, period=ended, outcome="education", at=at(date(2026, 3, 20), 12)
    )
    later = make_period("coaching", start=date(2026, 3, 16))
    on_the_last_day = make_activity(starts_at=at(date(2026, 3, 20), 13))
    after_the_end = make_activity(starts_at=at(date(2026, 3, 23), 10))
    before_the_start = make_activity(starts_at=at(date(2026, 3, 13), 10))

    services.activity_attendance_record(
        actor=staff.coach,
        activity=on_the_last_day,
        participants=[ParticipantInput(ended.pk, "attended"), ParticipantInput(later.pk)],
    )
    for activity, period in ((after_the_end, ended), (before_the_start, later)):
        with pytest.raises(ValidationError) as error:
            services.activity_attendance_record(
                actor=staff.coach,
                activity=activity,
                participants=[ParticipantInput(period.pk, "attended")],
            )
        assert list(error.value.message_dict) == ["participants"]

    assert set(ActivityParticipant.objects.values_list("activity", flat=True)) == {
        on_the_last_day.pk
    }


def test_one_bad_participant_writes_nothing(staff, make_period, make_activity):
    activity = make_activity()
    good = make_period("coaching")
    closed = make_period("closed")

    with pytest.raises(ValidationError) as error:
        services.activity_attendance_record(
            actor=staff.coach,
            activity=activity,
            participants=[ParticipantInput(good.pk, "attended"), ParticipantInput(closed.pk)],
        )

    assert list(error.value.message_dict) == ["participants"]
    assert ActivityParticipant.objects.count() == 0


@pytest.mark.parametrize(
    ("make_rows", "field"),
    [
        (lambda p: [ParticipantInput(p.pk, "late")], "attendance"),
        (lambda p: [ParticipantInput(p.pk), ParticipantInput(p.pk)], "participants"),
        (lambda p: [ParticipantInput(p.pk + 10_000)], "participants"),
    ],
    ids=["invalid attendance", "same period twice", "unknown period"],
)
def test_invalid_participants_are_refused(staff, make_period, make_activity, make_rows, field):
    with pytest.raises(ValidationError) as error:
        services.activity_attendance_record(
            actor=staff.coach,
            activity=make_activity(),
            participants=make_rows(make_period("coaching")),
        )

    assert list(error.value.message_dict) == [field]
    assert ActivityParticipant.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"ends_at": at(DAY, 9)}, "ends_at"),
        ({"activity_type": "inactive"}, "activity_type"),
    ],
)
def test_invalid_activity_is_refused(staff, info_session, changes, field):
    if changes.get("activity_type") == "inactive":
        info_session.is_active = False
        info_session.save()
        changes = {"activity_type": info_session}
    params = {"activity_type": info_session, "title": "Infotilaisuus", "starts_at": at(DAY, 10)}

    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=staff.coach, **(params | changes))

    assert list(error.value.message_dict) == [field]


def test_only_staff_plans_activities_and_records_attendance(
    tenant_a, make_user, make_period, make_activity, info_session
):
    trainee = make_user(tenant_a, role="trainee")
    activity = make_activity()

    with pytest.raises(PermissionDenied):
        services.activity_create(
            actor=trainee, activity_type=info_session, title="x", starts_at=at(DAY)
        )
    with pytest.raises(PermissionDenied):
        services.activity_attendance_record(
            actor=trainee,
            activity=activity,
            participants=[ParticipantInput(make_period("coaching").pk, "attended")],
        )


def test_upcoming_activities_with_participant_counts(staff, make_period, make_activity):
    now = timezone.now()
    soon = make_activity(starts_at=now + timedelta(days=2))
    later = make_activity(starts_at=now + timedelta(days=10))
    make_activity(starts_at=now + timedelta(days=15))
    make_activity(starts_at=now - timedelta(hours=1))
    services.activity_attendance_record(
        actor=staff.coach,
        activity=later,
        participants=[ParticipantInput(make_period("coaching").pk) for _ in range(2)],
    )

    rows = [(a.pk, a.participant_count) for a in selectors.upcoming_activity_list(now=now)]

    assert rows == [(soon.pk, 0), (later.pk, 2)]


def test_a_periods_activities_and_unexplained_absences(staff, make_period, make_activity):
    period = make_period("coaching")
    first = make_activity(starts_at=at(DAY, 10))
    second = make_activity(starts_at=at(DAY + timedelta(days=7), 10))
    for activity, attendance in ((first, "attended"), (second, "absent_unexplained")):
        services.activity_attendance_record(
            actor=staff.coach,
            activity=activity,
            participants=[ParticipantInput(period.pk, attendance)],
        )

    history = [(p.activity_id, p.attendance) for p in selectors.period_activity_list(period=period)]
    absences = selectors.activity_absence_list(since=DAY + timedelta(days=1))

    assert history == [(second.pk, "absent_unexplained"), (first.pk, "attended")]
    assert [(a.activity_id, a.period_id) for a in absences] == [(second.pk, period.pk)]
