"""Coaching activities and their attendance, recorded for many participants in one call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    Activity,
    ActivityAttendance,
    ActivityParticipant,
    ActivityType,
    CoachingPeriod,
    PeriodTransition,
)
from coaching.models.periods import OPEN_PHASES
from privacy import audit

from .common import refuse
from .periods import period_in_phases_on


@dataclass(frozen=True)
class ParticipantInput:
    """One participant of an activity: a trainee's period and their attendance."""

    period_id: int
    attendance: str = ActivityAttendance.REGISTERED
    note: str = ""


@transaction.atomic
@permission_required_for("activity.manage")
def activity_create(
    *,
    actor: User,
    activity_type: ActivityType,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    organiser: str = "",
    description: str = "",
) -> Activity:
    """Plan an activity of an active type."""
    if not activity_type.is_active:
        raise refuse("activity_type", gettext("This activity type is no longer in use."))
    if not title.strip():
        raise refuse("title", gettext("Give the activity a title."))
    if ends_at is not None and ends_at < starts_at:
        raise refuse("ends_at", gettext("The activity cannot end before it starts."))
    activity = Activity(
        type=activity_type,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        organiser=organiser.strip(),
        description=description.strip(),
        created_by=actor,
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
@permission_required_for("activity.manage")
def activity_update(
    *,
    actor: User,
    activity: Activity,
    activity_type: ActivityType,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    organiser: str = "",
    description: str = "",
) -> Activity:
    """Change an activity's details, keeping its participants valid.

    The type may stay as it is even when no longer in use. Moving the activity to another day
    needs every participant's period open on the new day, and once attendance is recorded the
    activity cannot move into the future (the attendance would precede it).
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity_type.pk != activity.type_id and not activity_type.is_active:
        raise refuse("activity_type", gettext("This activity type is no longer in use."))
    if not title.strip():
        raise refuse("title", gettext("Give the activity a title."))
    if ends_at is not None and ends_at < starts_at:
        raise refuse("ends_at", gettext("The activity cannot end before it starts."))
    participants = list(
        ActivityParticipant.objects.filter(activity=activity)
        .select_related("period__trainee")
        .prefetch_related(
            Prefetch("period__transitions", queryset=PeriodTransition.objects.order_by("at", "pk"))
        )
    )
    if starts_at > timezone.now() and any(
        row.attendance != ActivityAttendance.REGISTERED for row in participants
    ):
        raise refuse(
            "starts_at",
            gettext("Attendance is already recorded, so the activity cannot move to the future."),
        )
    day = timezone.localdate(starts_at)
    if day != timezone.localdate(activity.starts_at):
        for row in participants:
            if not period_in_phases_on(row.period, day, OPEN_PHASES):
                raise refuse(
                    "starts_at",
                    gettext("%(t)s has no open coaching period on the activity's date.")
                    % {"t": row.period.trainee},
                )
    activity.type = activity_type
    activity.title = title.strip()
    activity.starts_at = starts_at
    activity.ends_at = ends_at
    activity.place = place.strip()
    activity.organiser = organiser.strip()
    activity.description = description.strip()
    activity.full_clean()
    activity.save()
    return activity


class AttendanceRefused(ValidationError):
    """The whole attendance refused: each participant's errors, so a form shows them at its row.

    ``message_dict`` merges the fields of all participants (each message names the trainee);
    ``by_period`` maps a period id to that participant's ``{field: [messages]}``.
    """

    def __init__(self, errors: dict[int, ValidationError]):
        merged: dict[str, list[str]] = {}
        for error in errors.values():
            for name, messages in error.message_dict.items():
                merged.setdefault(name, []).extend(messages)
        super().__init__(merged)
        self.by_period = {period_id: error.message_dict for period_id, error in errors.items()}


def _participant_check(
    row: ParticipantInput, period: CoachingPeriod, *, day: date, started: bool
) -> None:
    if row.attendance not in ActivityAttendance.values:
        raise refuse(
            "attendance",
            gettext("Choose a valid attendance (%(t)s).") % {"t": period.trainee},
        )
    if row.attendance != ActivityAttendance.REGISTERED and not started:
        raise refuse(
            "attendance",
            gettext("Attendance can be recorded once the activity has started (%(t)s).")
            % {"t": period.trainee},
        )
    if not period_in_phases_on(period, day, OPEN_PHASES):
        raise refuse(
            "participants",
            gettext("%(t)s has no open coaching period on the activity's date.")
            % {"t": period.trainee},
        )


@transaction.atomic
@permission_required_for("activity.manage")
def activity_attendance_record(
    *, actor: User, activity: Activity, participants: list[ParticipantInput]
) -> list[ActivityParticipant]:
    """Register participants or record their attendance; repeating the call updates, never adds.

    Constant number of queries whatever the number of participants. Every participant needs
    a period open on the activity's date; attendance other than ``registered`` waits until the
    activity has started. One bad participant refuses the whole call, with every participant's
    errors (``AttendanceRefused.by_period``).
    """
    period_ids = [row.period_id for row in participants]
    if len(set(period_ids)) != len(period_ids):
        raise refuse("participants", gettext("Each trainee may appear only once."))
    day = timezone.localdate(activity.starts_at)
    periods = {
        period.pk: period
        for period in CoachingPeriod.objects.filter(pk__in=period_ids)
        .select_related("trainee")
        .prefetch_related(
            Prefetch("transitions", queryset=PeriodTransition.objects.order_by("at", "pk"))
        )
    }
    if len(periods) != len(period_ids):
        raise refuse("participants", gettext("Unknown coaching period."))
    started = activity.starts_at <= timezone.now()
    errors: dict[int, ValidationError] = {}
    for row in participants:
        try:
            _participant_check(row, periods[row.period_id], day=day, started=started)
        except ValidationError as error:
            errors[row.period_id] = error
    if errors:
        raise AttendanceRefused(errors)

    existing = {
        row.period_id: row
        for row in ActivityParticipant.objects.filter(activity=activity, period_id__in=period_ids)
    }
    now = timezone.now()
    to_create: list[ActivityParticipant] = []
    to_update: list[ActivityParticipant] = []
    result: list[ActivityParticipant] = []
    for row in participants:
        participant = existing.get(row.period_id)
        if participant is None:
            participant = ActivityParticipant(activity=activity, period=periods[row.period_id])
            to_create.append(participant)
        else:
            to_update.append(participant)
        participant.attendance = row.attendance
        participant.note = row.note.strip()
        participant.recorded_by = actor
        participant.recorded_at = now
        result.append(participant)
    ActivityParticipant.objects.bulk_create(to_create)
    if to_update:
        ActivityParticipant.objects.bulk_update(
            to_update, ["attendance", "note", "recorded_by", "recorded_at"]
        )
    # Bulk writes send no signals, so the participants are logged here (one insert at the end).
    trainee_ids = {row.pk: periods[row.period_id].trainee_id for row in result}
    audit.record_rows("create", to_create, trainee_ids=trainee_ids)
    audit.record_rows("change", to_update, trainee_ids=trainee_ids)
    return result
