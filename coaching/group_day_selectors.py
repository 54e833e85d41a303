"""Reads for a coach's group on one day: the Today screen and its daily log.

A separate module so the screen's reads stay in one place; like every selector module it
never imports services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User

from .models import (
    CoachingPeriod,
    DailyEntry,
    DailyEntryTask,
    DifficultyLevel,
    PeriodStatus,
    PeriodTransition,
    Phase,
    TaskAssignment,
)
from .models.periods import ACTIVE_PHASES

# The phases in which a period's days are logged (the daily-log service accepts the same).
LOGGED_PHASES = ACTIVE_PHASES


@dataclass
class TraineeDay:
    """One trainee of the group on the day, with the plan and what is recorded."""

    period: CoachingPeriod
    status: PeriodStatus | None  # the participation status in force on the day
    assignments: list[TaskAssignment]
    entry: DailyEntry | None  # the day's entry, when recorded
    last_entry: DailyEntry | None  # the latest entry before the day

    @property
    def trainee(self):
        return self.period.trainee

    @property
    def planned_hours(self):
        return self.status.hours_per_day if self.status is not None else None


@dataclass
class GroupDay:
    coach: User
    day: date
    rows: list[TraineeDay] = field(default_factory=list)
    levels: list[DifficultyLevel] = field(default_factory=list)

    @property
    def recorded_count(self) -> int:
        return sum(1 for row in self.rows if row.entry is not None)


def _in_logged_phase_on(period: CoachingPeriod, day: date) -> bool:
    """Whether the period was in a logged phase at any time on ``day`` (by its history).

    The same reading of the transition history as ``period_in_phases_on`` of the period
    services, which this module may not import.
    """
    if day < period.start_on:
        return False
    history = list(period.transitions.all())
    for index, transition in enumerate(history):
        if transition.to_phase not in LOGGED_PHASES:
            continue
        begins = timezone.localdate(transition.at)
        following = history[index + 1] if index + 1 < len(history) else None
        ends = timezone.localdate(following.at) if following else date.max
        if begins <= day <= ends:
            return True
    return False


def _status_on(period: CoachingPeriod, day: date) -> PeriodStatus | None:
    for row in period.statuses.all():
        if row.valid_from <= day and (row.valid_until is None or day <= row.valid_until):
            return row
    return None


def group_day_get(*, coach: User, day: date) -> GroupDay:
    """The coach's trainees whose periods are in a logged phase on ``day``, in eight queries.

    The count does not grow with the group. Each row has the status in force, the assigned
    tasks at their levels, the day's entry with its tasks and the latest earlier entry; rows
    are in the trainees' name order.
    """
    periods = list(
        CoachingPeriod.objects.filter(coach=coach, start_on__lte=day)
        .exclude(phase=Phase.REFERRED)
        .select_related("trainee")
        .prefetch_related(
            Prefetch("transitions", queryset=PeriodTransition.objects.order_by("at", "pk")),
            Prefetch(
                "statuses",
                queryset=PeriodStatus.objects.select_related("status").order_by("valid_from"),
            ),
            Prefetch(
                "task_assignments",
                queryset=TaskAssignment.objects.select_related("task", "level").order_by(
                    "task__name", "pk"
                ),
            ),
        )
        .order_by("trainee__last_name", "trainee__first_name", "pk")
    )
    periods = [period for period in periods if _in_logged_phase_on(period, day)]
    period_ids = [period.pk for period in periods]
    entries = {
        entry.period_id: entry
        for entry in DailyEntry.objects.filter(period_id__in=period_ids, date=day)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("tasks_done", queryset=DailyEntryTask.objects.select_related("task", "level"))
        )
    }
    last_entries = {
        entry.period_id: entry
        for entry in DailyEntry.objects.filter(period_id__in=period_ids, date__lt=day)
        .order_by("period_id", "-date")
        .distinct("period_id")
    }
    rows = [
        TraineeDay(
            period=period,
            status=_status_on(period, day),
            assignments=list(period.task_assignments.all()),
            entry=entries.get(period.pk),
            last_entry=last_entries.get(period.pk),
        )
        for period in periods
    ]
    return GroupDay(coach=coach, day=day, rows=rows, levels=list(DifficultyLevel.objects.all()))
