"""Editing goals and activities: the services behind the edit screens."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching.models import ActivityType
from coaching.services.activities import (
    AttendanceRefused,
    ParticipantInput,
    activity_attendance_record,
    activity_create,
    activity_update,
)
from coaching.services.goals import goal_create, goal_review_record, goal_update
from privacy.models import AuditEvent

from .conftest import START, at

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


# --- goal_update ---------------------------------------------------------------------------


def test_goal_update_rewords_and_moves_the_review_keeping_the_history(staff, make_period):
    period = make_period("coaching")
    goal = goal_create(actor=staff.coach, period=period, text="Arjen rytmi")
    goal_review_record(
        actor=staff.coach, goal=goal, date=DAY, note="Hyvä alku", status="partly_achieved"
    )

    updated = goal_update(
        actor=staff.agent, goal=goal, text="  Arjen rytmi ja uni ", review_due_on=date(2026, 4, 1)
    )

    goal.refresh_from_db()
    assert updated.pk == goal.pk
    assert (goal.text, goal.review_due_on, goal.status) == (
        "Arjen rytmi ja uni",
        date(2026, 4, 1),
        "partly_achieved",
    )
    assert list(goal.reviews.values_list("to_status", flat=True)) == ["partly_achieved"]
    assert AuditEvent.objects.filter(
        action="change",
        object_type="coaching.goal",
        object_id=str(goal.pk),
        trainee_id=period.trainee_id,
    ).exists()


@pytest.mark.parametrize(
    ("text", "due", "field"),
    [(" ", None, "text"), ("x", START - timedelta(days=1), "review_due_on")],
)
def test_goal_update_refuses_bad_input(staff, make_period, text, due, field):
    goal = goal_create(actor=staff.coach, period=make_period("coaching"), text="Arjen rytmi")
    with pytest.raises(ValidationError) as error:
        goal_update(actor=staff.coach, goal=goal, text=text, review_due_on=due)
    assert list(error.value.message_dict) == [field]
    goal.refresh_from_db()
    assert goal.text == "Arjen rytmi"


def test_goal_update_of_a_closed_period_is_refused(staff, make_period):
    period = make_period("coaching")
    goal = goal_create(actor=staff.coach, period=period, text="Arjen rytmi")
    period.phase = "closed"
    period.save(update_fields=["phase"])
    with pytest.raises(ValidationError) as error:
        goal_update(actor=staff.coach, goal=goal, text="Uusi")
    assert list(error.value.message_dict) == ["goal"]


def test_goal_update_needs_the_periods_staff(staff, make_period):
    goal = goal_create(actor=staff.coach, period=make_period("coaching"), text="Arjen rytmi")
    for actor in (staff.coach2, staff.supervisor):
        with pytest.raises(PermissionDenied):
            goal_update(actor=actor, goal=goal, text="Vieras")


# --- activity_update -----------------------------------------------------------------------


@pytest.fixture
def make_activity(staff):
    def make(starts_at=None):
        return activity_create(
            actor=staff.coach,
            activity_type=ActivityType.objects.get(code="info_session"),
            title="Infotilaisuus",
            starts_at=starts_at or at(DAY, 10),
        )

    return make


def _update(staff, activity, **changes):
    arguments = {
        "actor": staff.coach,
        "activity": activity,
        "activity_type": activity.type,
        "title": activity.title,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "place": activity.place,
        "organiser": activity.organiser,
        "description": activity.description,
    }
    return activity_update(**{**arguments, **changes})


def test_activity_update_changes_the_details(staff, make_activity):
    activity = make_activity()
    visit = ActivityType.objects.get(code="workplace_visit")
    updated = _update(
        staff,
        activity,
        activity_type=visit,
        title=" Varikkovierailu ",
        ends_at=at(DAY, 12),
        place="Varikko",
    )
    activity.refresh_from_db()
    assert updated.pk == activity.pk
    assert (activity.type, activity.title, activity.place) == (visit, "Varikkovierailu", "Varikko")


def test_a_retired_type_may_stay_but_not_be_chosen(staff, make_activity):
    activity = make_activity()
    ActivityType.objects.filter(pk=activity.type_id).update(is_active=False)
    activity.type.refresh_from_db()
    _update(staff, activity, title="Sama tyyppi")
    other = ActivityType.objects.get(code="school_visit")
    other.is_active = False
    other.save()
    with pytest.raises(ValidationError) as error:
        _update(staff, activity, activity_type=other)
    assert list(error.value.message_dict) == ["activity_type"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title": " "}, "title"), ({"ends_at": at(DAY, 9)}, "ends_at")],
)
def test_activity_update_refuses_bad_input(staff, make_activity, changes, field):
    activity = make_activity()
    with pytest.raises(ValidationError) as error:
        _update(staff, activity, **changes)
    assert list(error.value.message_dict) == [field]


def test_moving_an_activity_keeps_its_participants_valid(staff, make_period, make_activity):
    activity = make_activity()
    period = make_period("coaching", start=date(2026, 3, 9))
    activity_attendance_record(
        actor=staff.coach, activity=activity, participants=[ParticipantInput(period.pk, "attended")]
    )
    with pytest.raises(ValidationError) as error:  # before the participant's period starts
        _update(staff, activity, starts_at=at(date(2026, 3, 6), 10))
    assert list(error.value.message_dict) == ["starts_at"]
    with pytest.raises(ValidationError) as error:  # attendance recorded: not into the future
        _update(staff, activity, starts_at=timezone.now() + timedelta(days=2))
    assert list(error.value.message_dict) == ["starts_at"]
    _update(staff, activity, starts_at=at(date(2026, 3, 11), 10))
    activity.refresh_from_db()
    assert timezone.localdate(activity.starts_at) == date(2026, 3, 11)


def test_activity_update_needs_coaching_staff(staff, make_activity):
    activity = make_activity()
    with pytest.raises(PermissionDenied):
        _update(staff, activity, actor=staff.supervisor, title="Ei")


# --- attendance refused per participant ------------------------------------------------------


def test_attendance_refusal_names_each_participant(staff, make_period, make_activity):
    activity = make_activity()
    good, closed, later = (
        make_period("coaching"),
        make_period("closed"),
        make_period("coaching", start=date(2026, 3, 20)),
    )
    with pytest.raises(AttendanceRefused) as error:
        activity_attendance_record(
            actor=staff.coach,
            activity=activity,
            participants=[
                ParticipantInput(good.pk, "attended"),
                ParticipantInput(closed.pk, "attended"),
                ParticipantInput(later.pk, "late"),
            ],
        )
    assert set(error.value.by_period) == {closed.pk, later.pk}
    assert list(error.value.by_period[closed.pk]) == ["participants"]
    assert list(error.value.by_period[later.pk]) == ["attendance"]
    assert str(later.trainee) in error.value.by_period[later.pk]["attendance"][0]
    assert sorted(error.value.message_dict) == ["attendance", "participants"]
