"""Reads for the staff dashboard: what needs settling, narrowed to what the viewer may see.

The viewer's reach comes in as querysets from the permission layer (the caller narrows), so
this module decides nothing about access; each list is one query whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from accounts.models import User

from . import selectors
from .models import Attendance, CoachingPeriod, DailyEntry, EquipmentIssue, Goal, WorkOrderTool
from .models.periods import OPEN_PHASES

ENDING_DAYS = 30
FOLLOW_UP_DAYS = 14
ABSENCE_DAYS = 14
GOAL_DAYS = 7
ATTENDANCE_WEEKS = 4


@dataclass(frozen=True)
class DayAttendance:
    day: date
    present: int
    absent: int


@dataclass
class StaffDashboard:
    today: date
    missing_day: date  # the last working day before today, whose entries should be in
    capacity: list[User]  # coaches with group_size, group_size_soft_limit and _hard_limit
    ending: list[CoachingPeriod]
    follow_ups: list[CoachingPeriod]
    missing: list[CoachingPeriod]
    absences: list[CoachingPeriod]  # each with unexplained_absences
    goals: list[Goal]
    tools: list[WorkOrderTool]
    equipment: list[EquipmentIssue]  # held although the trainee has no open period
    attendance: list[DayAttendance]  # each working day of the last four weeks, oldest first

    @property
    def loan_count(self) -> int:
        return len(self.tools) + len(self.equipment)

    def trainee_rows(self) -> list:
        """The rows that show a trainee, for the audit log."""
        return [
            *self.ending,
            *self.follow_ups,
            *self.missing,
            *self.absences,
            *self.goals,
            *self.equipment,
        ]


def _every_period(periods: QuerySet[CoachingPeriod]) -> bool:
    """Whether ``periods`` is the whole periods table (an admin's reach): no condition, slice
    or set operation. Narrowing to it then changes nothing, and leaving the ``IN (SELECT id
    FROM coaching_coachingperiod)`` out spares each dashboard query a scan of every period
    (25,000 in the large municipality)."""
    query = periods.query
    return (
        periods.model is CoachingPeriod
        and not query.where
        and not query.is_sliced
        and query.combinator is None
    )


def _within(
    queryset: QuerySet, visible_periods: QuerySet[CoachingPeriod], lookup: str = "pk"
) -> QuerySet:
    """``queryset`` narrowed to rows whose ``lookup`` is one of ``visible_periods``."""
    if _every_period(visible_periods):
        return queryset
    return queryset.filter(**{f"{lookup}__in": visible_periods.values("pk")})


def previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def attendance_counts(
    *, periods: QuerySet[CoachingPeriod], start: date, end: date
) -> QuerySet[DailyEntry, dict]:
    """One row per date start..end with the present and absent entries of ``periods``.

    Reads only the ``(date, attendance) INCLUDE (period)`` index: counts ``date`` (never null)
    rather than the primary key, which is not in the index, and clears the model's ordering,
    whose ``period`` would join every period into the aggregate (a municipality's admin
    aggregates about 60,000 entries of four weeks here)."""
    return (
        _within(DailyEntry.objects.filter(date__gte=start, date__lte=end), periods, "period")
        .order_by()
        .values("date")
        .annotate(
            present=Count("date", filter=Q(attendance=Attendance.PRESENT)),
            absent=Count("date", filter=~Q(attendance=Attendance.PRESENT)),
        )
    )


def attendance_by_day(
    *, periods: QuerySet[CoachingPeriod], start: date, end: date
) -> list[DayAttendance]:
    """Present and absent trainees of ``periods`` on each working day start..end, one query."""
    counts = {row["date"]: row for row in attendance_counts(periods=periods, start=start, end=end)}
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            row = counts.get(day, {})
            days.append(DayAttendance(day, row.get("present", 0), row.get("absent", 0)))
        day += timedelta(days=1)
    return days


def staff_dashboard_get(
    *,
    today: date,
    coach: User | None,
    visible_periods: QuerySet[CoachingPeriod],
    visible_equipment: QuerySet[EquipmentIssue],
) -> StaffDashboard:
    """Everything due on the dashboard; ``coach`` narrows the capacity row to one coach."""
    missing_day = previous_working_day(today)
    capacity = selectors.coach_group_size_list()
    if coach is not None:
        capacity = capacity.filter(pk=coach.pk)
    group = visible_periods.filter(coach=coach) if coach is not None else visible_periods
    return StaffDashboard(
        today=today,
        missing_day=missing_day,
        capacity=list(capacity),
        ending=list(
            _within(
                selectors.period_ending_soon_list(today=today, days=ENDING_DAYS), visible_periods
            )
        ),
        follow_ups=list(
            _within(selectors.follow_up_due_list(today=today, days=FOLLOW_UP_DAYS), visible_periods)
        ),
        missing=list(_within(selectors.missing_daily_log_list(day=missing_day), visible_periods)),
        absences=list(
            _within(
                selectors.repeated_absence_list(today=today, days=ABSENCE_DAYS, threshold=1),
                visible_periods,
            )
        ),
        goals=list(
            _within(
                selectors.goals_due_for_review_list(today=today, days=GOAL_DAYS),
                visible_periods,
                "period",
            )
        ),
        tools=list(selectors.lent_tool_outstanding_list()),
        equipment=list(
            visible_equipment.filter(returned_on__isnull=True)
            .exclude(trainee__periods__phase__in=OPEN_PHASES)
            .select_related("trainee", "equipment_type")
            .order_by("issued_on", "pk")
        ),
        attendance=attendance_by_day(
            periods=group,
            start=today - timedelta(weeks=ATTENDANCE_WEEKS) + timedelta(days=1),
            end=today,
        ),
    )
