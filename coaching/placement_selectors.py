"""Reads for the unit supervisor's pages: placed trainees, their attendance, weekly feedback
and the unit's work orders.

Every read takes its rows as a queryset the permission layer has already narrowed
(``periods_visible_to``, ``scope_queryset``), so nothing here decides who sees what. The
attendance is read as dates and present/absent only: a supervisor never sees the daily log's
notes, hours or the kind of an absence (a sick day is health data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet

from .dates import week_start
from .models import (
    Attendance,
    CoachingPeriod,
    DailyEntry,
    PlacementFeedback,
    TaskAssignment,
    WorkOrder,
)
from .models.periods import OPEN_PHASES

PRESENT = "present"
ABSENT = "absent"
NOT_RECORDED = ""


def placed_periods(*, visible: QuerySet[CoachingPeriod]) -> QuerySet[CoachingPeriod]:
    """The open periods placed in a work unit, with trainee, unit, coach and tasks (3 queries)."""
    return (
        visible.filter(
            phase__in=OPEN_PHASES,
            placement_unit__isnull=False,
            placement_supervisor__isnull=False,
        )
        .select_related("trainee", "placement_unit", "placement_unit__site", "coach")
        .prefetch_related(
            Prefetch(
                "task_assignments",
                queryset=TaskAssignment.objects.select_related("task", "level").order_by(
                    "task__name", "pk"
                ),
            )
        )
        .order_by("trainee__last_name", "trainee__first_name", "pk")
    )


@dataclass(frozen=True)
class AttendanceDay:
    day: date
    state: str  # PRESENT, ABSENT or NOT_RECORDED
    future: bool


@dataclass(frozen=True)
class AttendanceWeek:
    monday: date
    days: tuple[AttendanceDay, ...]

    @property
    def present(self) -> int:
        return sum(1 for d in self.days if d.state == PRESENT)

    @property
    def absent(self) -> int:
        return sum(1 for d in self.days if d.state == ABSENT)


def attendance_weeks(
    *, entries: QuerySet[DailyEntry], period_ids: list[int], today: date
) -> dict[int, tuple[AttendanceWeek, AttendanceWeek]]:
    """Each period's recorded days of this week and last, newest week first (one query).

    Monday to Friday always show (a day not recorded as such); a weekend day only when recorded.
    """
    this_monday = week_start(today)
    last_monday = this_monday - timedelta(days=7)
    recorded: dict[tuple[int, date], str] = {
        (period_id, day): PRESENT if attendance == Attendance.PRESENT else ABSENT
        for period_id, day, attendance in entries.filter(
            period_id__in=period_ids, date__range=(last_monday, this_monday + timedelta(days=6))
        ).values_list("period_id", "date", "attendance")
    }

    def week(period_id: int, monday: date) -> AttendanceWeek:
        days = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            state = recorded.get((period_id, day), NOT_RECORDED)
            if offset < 5 or state:
                days.append(AttendanceDay(day=day, state=state, future=day > today))
        return AttendanceWeek(monday=monday, days=tuple(days))

    return {pk: (week(pk, this_monday), week(pk, last_monday)) for pk in period_ids}


def feedback_of_week(
    *, feedback: QuerySet[PlacementFeedback], period_ids: list[int], supervisor_id: int, day: date
) -> dict[int, PlacementFeedback]:
    """The supervisor's feedback of ``day``'s week by period id (one query)."""
    rows = feedback.filter(
        period_id__in=period_ids, supervisor_id=supervisor_id, week=week_start(day)
    )
    return {row.period_id: row for row in rows}


def feedback_list(
    *, feedback: QuerySet[PlacementFeedback], period: CoachingPeriod, limit: int = 12
) -> list[PlacementFeedback]:
    """A period's weekly feedback, newest week first, with the supervisor (one query)."""
    return list(
        feedback.filter(period=period).select_related("supervisor").order_by("-week", "-pk")[:limit]
    )


def unit_work_order_list(*, orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """The unit's orders, newest requested first, with unit, coach and ordered tasks."""
    return (
        orders.select_related("ordering_unit", "coach")
        .prefetch_related("tasks__task")
        .order_by("-requested_start_on", "-pk")
    )


def unit_work_order_get(*, orders: QuerySet[WorkOrder], pk: int) -> WorkOrder | None:
    """One of the unit's orders with its tasks and status history, or None outside reach."""
    return (
        orders.select_related("ordering_unit", "coach")
        .prefetch_related("tasks__task", "status_changes")
        .filter(pk=pk)
        .first()
    )
