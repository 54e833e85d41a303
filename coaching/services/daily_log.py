"""The daily log of a coach's whole group, recorded in one call."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as date_type
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    Attendance,
    CoachingPeriod,
    DailyEntry,
    DailyEntryTask,
    DifficultyLevel,
    LegalFrame,
    PeriodStatus,
    PeriodTransition,
    WorkTask,
)
from coaching.models.periods import ACTIVE_PHASES
from privacy import audit
from valmo.integrity import constraint_errors

from .common import refuse
from .periods import period_in_phases_on


@dataclass(frozen=True)
class TaskDone:
    task_id: int
    level_id: int


@dataclass
class DailyEntryInput:
    """One trainee's day in the coach's group."""

    trainee_id: int
    attendance: str
    hours: Decimal = Decimal(0)
    tasks: list[TaskDone] = field(default_factory=list)
    learning_notes: str = ""
    capacity_observations: str = ""


def _active_on(period: CoachingPeriod, day: date_type) -> bool:
    return period_in_phases_on(period, day, ACTIVE_PHASES)


def _frame_on(
    period: CoachingPeriod, day: date_type, frames: list[LegalFrame]
) -> LegalFrame | None:
    for row in period.statuses.all():
        if row.valid_from <= day and (row.valid_until is None or day <= row.valid_until):
            candidates = [
                frame
                for frame in frames
                if frame.status_id == row.status_id
                and frame.valid_from <= row.valid_from
                and (frame.valid_until is None or row.valid_from <= frame.valid_until)
            ]
            return max(candidates, key=lambda frame: frame.valid_from, default=None)
    return None


def _week_of(day: date_type) -> tuple[date_type, date_type]:
    """Return the Monday and Sunday of the calendar week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _rest_of_week(trainee_ids: list[int], day: date_type) -> dict[int, tuple[int, Decimal]]:
    """Return each trainee's present days and hours recorded in ``day``'s week, ``day`` excluded.

    Counted over all of the trainee's periods: the legal frame limits the person's week.
    """
    monday, sunday = _week_of(day)
    rows = (
        DailyEntry.objects.filter(
            period__trainee_id__in=trainee_ids,
            date__range=(monday, sunday),
            attendance=Attendance.PRESENT,
        )
        .exclude(date=day)
        .values_list("period__trainee_id", "hours")
    )
    week: dict[int, tuple[int, Decimal]] = defaultdict(lambda: (0, Decimal(0)))
    for trainee_id, hours in rows:
        days, total = week[trainee_id]
        week[trainee_id] = (days + 1, total + hours)
    return week


def _frame_require(
    *,
    frame: LegalFrame,
    day: date_type,
    hours: Decimal,
    week: tuple[int, Decimal],
    name: str,
) -> None:
    """Hold one present day to its legal frame: hours per day, days and hours per week.

    The minimum days per week is a planning rule (``period_status_add``): a week being
    recorded is not over yet. The month limits hold because a present day must fall inside a
    participation status, whose length ``period_status_add`` checked against them.
    """
    if not frame.min_hours_per_day <= hours <= frame.max_hours_per_day:
        raise refuse(
            "hours",
            gettext("Hours must be between %(min)s and %(max)s (%(t)s).")
            % {"min": frame.min_hours_per_day, "max": frame.max_hours_per_day, "t": name},
        )
    days, week_hours = week[0] + 1, week[1] + hours
    monday = formats.date_format(_week_of(day)[0], "SHORT_DATE_FORMAT")
    if days > frame.max_days_per_week:
        raise refuse(
            "attendance",
            gettext(
                "%(t)s would be present %(days)d days in the week starting %(monday)s; "
                "the legal frame of the status allows at most %(max)d."
            )
            % {"t": name, "days": days, "monday": monday, "max": frame.max_days_per_week},
        )
    if frame.max_hours_per_week is not None and week_hours > frame.max_hours_per_week:
        raise refuse(
            "hours",
            gettext(
                "%(t)s would have %(hours)s hours in the week starting %(monday)s; "
                "the legal frame of the status allows at most %(max)s."
            )
            % {"t": name, "hours": week_hours, "monday": monday, "max": frame.max_hours_per_week},
        )


class DailyLogRefused(ValidationError):
    """The whole day refused: every trainee's errors by field, so a form can show each at its row.

    ``message_dict`` merges the fields of all trainees (each message names the trainee);
    ``by_trainee`` maps a trainee id to that trainee's ``{field: [messages]}``.
    """

    def __init__(self, errors: dict[int, ValidationError]):
        merged: dict[str, list[str]] = {}
        for error in errors.values():
            for name, messages in error.message_dict.items():
                merged.setdefault(name, []).extend(messages)
        super().__init__(merged)
        self.by_trainee = {trainee_id: error.message_dict for trainee_id, error in errors.items()}


def _entry_check(
    entry: DailyEntryInput,
    period: CoachingPeriod,
    date: date_type,
    *,
    frames: list[LegalFrame],
    week: tuple[int, Decimal],
    known_tasks: set[int],
    known_levels: set[int],
) -> None:
    """Refuse one trainee's entry that breaks a rule of the day (attendance, hours, tasks)."""
    name = str(period.trainee)
    if entry.attendance not in Attendance.values:
        raise refuse("attendance", gettext("Choose a valid attendance (%(t)s).") % {"t": name})
    hours = Decimal(entry.hours)
    if entry.attendance == Attendance.PRESENT:
        frame = _frame_on(period, date, frames)
        if frame is None:
            raise refuse(
                "hours",
                gettext("No participation status is in force on this date (%(t)s).") % {"t": name},
            )
        _frame_require(frame=frame, day=date, hours=hours, week=week, name=name)
    elif hours != 0 or entry.tasks:
        raise refuse(
            "hours", gettext("An absent trainee has no hours or tasks (%(t)s).") % {"t": name}
        )
    for done in entry.tasks:
        if done.task_id not in known_tasks or done.level_id not in known_levels:
            raise refuse("tasks", gettext("Unknown task or level (%(t)s).") % {"t": name})


@transaction.atomic
@permission_required_for("daily_log.record", obj="coach")
def daily_log_record(
    *, actor: User, date: date_type, coach: User, entries: list[DailyEntryInput]
) -> list[DailyEntry]:
    """Record one day for the coach's group; re-submitting the day updates, never duplicates.

    This is the only way daily entries are written (one trainee or the whole group; views,
    API and imports call it), so the legal frame holds for every recorded day. Runs in a
    constant number of queries whatever the group size. Refuse the whole day if any entry
    falls outside its period's active phases or outside the legal frame of the participation
    status in force: a present day within the hours per day, the week within the days and
    hours per week (counting the days already recorded); an absent day has no hours.
    """
    if date > timezone.localdate():
        raise refuse("date", gettext("The daily log cannot be recorded in advance."))
    trainee_ids = [entry.trainee_id for entry in entries]
    if len(set(trainee_ids)) != len(trainee_ids):
        raise refuse("entries", gettext("Each trainee may appear only once a day."))
    periods = (
        CoachingPeriod.objects.filter(coach=coach, trainee_id__in=trainee_ids)
        .select_related("trainee")
        .prefetch_related(
            Prefetch("transitions", queryset=PeriodTransition.objects.order_by("at", "pk")),
            Prefetch("statuses", queryset=PeriodStatus.objects.order_by("valid_from")),
        )
    )
    period_by_trainee: dict[int, CoachingPeriod] = {}
    for period in periods:
        if _active_on(period, date):
            period_by_trainee[period.trainee_id] = period
    missing = [tid for tid in trainee_ids if tid not in period_by_trainee]
    if missing:
        raise refuse(
            "date",
            gettext("%(count)d trainee(s) are not in this coach's active group on this date.")
            % {"count": len(missing)},
        )
    status_ids = {row.status_id for p in period_by_trainee.values() for row in p.statuses.all()}
    # The municipality's own stricter limits come with the statutory frames (one query).
    frames = [
        local.narrow(frame) if (local := getattr(frame.status, "local_frame", None)) else frame
        for frame in LegalFrame.objects.filter(status_id__in=status_ids).select_related(
            "status__local_frame"
        )
    ]
    task_ids = {done.task_id for entry in entries for done in entry.tasks}
    known_tasks = set(
        WorkTask.objects.filter(pk__in=task_ids).order_by().values_list("pk", flat=True)
    )
    known_levels = set(DifficultyLevel.objects.order_by().values_list("pk", flat=True))
    weeks = _rest_of_week(trainee_ids, date)

    errors: dict[int, ValidationError] = {}
    for entry in entries:
        try:
            _entry_check(
                entry,
                period_by_trainee[entry.trainee_id],
                date,
                frames=frames,
                week=weeks[entry.trainee_id],
                known_tasks=known_tasks,
                known_levels=known_levels,
            )
        except ValidationError as error:
            errors[entry.trainee_id] = error
    if errors:
        raise DailyLogRefused(errors)

    existing = {
        row.period_id: row
        for row in DailyEntry.objects.filter(
            period_id__in=[p.pk for p in period_by_trainee.values()], date=date
        )
    }
    to_create: list[DailyEntry] = []
    to_update: list[DailyEntry] = []
    rows: list[tuple[DailyEntry, DailyEntryInput]] = []
    now = timezone.now()
    for entry in entries:
        period = period_by_trainee[entry.trainee_id]
        row = existing.get(period.pk)
        if row is None:
            row = DailyEntry(period=period, date=date)
            to_create.append(row)
        else:
            to_update.append(row)
        row.attendance = entry.attendance
        row.hours = Decimal(entry.hours)
        row.learning_notes = entry.learning_notes
        row.capacity_observations = entry.capacity_observations
        row.recorded_by = actor
        row.updated_at = now
        rows.append((row, entry))
    # A concurrent submission of the same day meets the unique constraint: a field error.
    with constraint_errors():
        DailyEntry.objects.bulk_create(to_create)
    # Bulk writes send no signals, so the day's rows are logged here (one insert at the end).
    row_trainees = {row.pk: entry.trainee_id for row, entry in rows}
    audit.record_rows("create", to_create, trainee_ids=row_trainees)
    audit.record_rows("change", to_update, trainee_ids=row_trainees)
    if to_update:
        DailyEntry.objects.bulk_update(
            to_update,
            [
                "attendance",
                "hours",
                "learning_notes",
                "capacity_observations",
                "recorded_by",
                "updated_at",
            ],
        )
        DailyEntryTask.objects.filter(entry__in=[row.pk for row in to_update]).delete()
    DailyEntryTask.objects.bulk_create(
        DailyEntryTask(entry=row, task_id=done.task_id, level_id=done.level_id)
        for row, entry in rows
        for done in entry.tasks
    )
    return [row for row, _ in rows]
