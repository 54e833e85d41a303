"""Coaching reads."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value

from accounts.models import User

from .models import (
    Attendance,
    CoachingPeriod,
    DailyEntry,
    Phase,
    Site,
    TaskSector,
    Trainee,
    WorkUnit,
)
from .services import ACTIVE_PHASES, GROUP_PHASES, coaching_settings_get


def site_list() -> QuerySet[Site]:
    return Site.objects.filter(is_active=True).prefetch_related("work_units")


def work_unit_list() -> QuerySet[WorkUnit]:
    return WorkUnit.objects.filter(is_active=True).select_related("site", "supervisor")


def task_catalogue() -> QuerySet[TaskSector]:
    """Sectors with their active tasks and level descriptions, in three queries."""
    from django.db.models import Prefetch

    from .models import WorkTask

    active = WorkTask.objects.filter(retired_at__isnull=True).prefetch_related("levels__level")
    return TaskSector.objects.prefetch_related(Prefetch("tasks", queryset=active))


def trainee_list() -> QuerySet[Trainee]:
    return Trainee.objects.all()


def dashboard_counts() -> dict[str, int]:
    return {
        "sites": Site.objects.filter(is_active=True).count(),
        "work_units": WorkUnit.objects.filter(is_active=True).count(),
        "trainees": Trainee.objects.count(),
    }


# --- Periods and the coach's dashboard -------------------------------------------------


def _period_base() -> QuerySet[CoachingPeriod]:
    return CoachingPeriod.objects.select_related(
        "trainee", "coach", "career_agent", "placement_unit", "placement_supervisor"
    )


def period_get(*, pk: int) -> CoachingPeriod:
    """Return one period with its history, statuses and task assignments loaded."""
    return (
        _period_base()
        .prefetch_related(
            "transitions__actor", "statuses__status", "task_assignments__level_changes"
        )
        .get(pk=pk)
    )


def period_list(*, coach: User | None = None) -> QuerySet[CoachingPeriod]:
    periods = _period_base()
    return periods.filter(coach=coach) if coach is not None else periods


def coach_capacity_list() -> QuerySet[User]:
    """Return work coaches with ``group_size`` and the tenant's ``soft_limit``/``hard_limit``."""
    limits = coaching_settings_get()
    return (
        User.objects.filter(role=User.Role.WORK_COACH, is_active=True)
        .annotate(
            group_size=Count("coached_periods", filter=Q(coached_periods__phase__in=GROUP_PHASES)),
            soft_limit=Value(limits.soft_group_limit),
            hard_limit=Value(limits.hard_group_limit),
        )
        .order_by("last_name", "first_name", "email")
    )


def period_ending_soon_list(*, today: date, days: int = 14) -> QuerySet[CoachingPeriod]:
    """Return active periods whose planned end falls within ``days`` from today."""
    return (
        _period_base()
        .filter(
            phase__in=ACTIVE_PHASES,
            planned_end_on__gte=today,
            planned_end_on__lte=today + timedelta(days=days),
        )
        .order_by("planned_end_on", "pk")
    )


def follow_up_due_list(*, today: date, days: int = 14) -> QuerySet[CoachingPeriod]:
    """Return ended periods in follow-up whose due date has passed or comes within ``days``."""
    return (
        _period_base()
        .filter(
            phase__in=[Phase.ENDED, Phase.FOLLOW_UP],
            follow_up_due_on__lte=today + timedelta(days=days),
        )
        .order_by("follow_up_due_on", "pk")
    )


def missing_daily_log_list(*, day: date) -> QuerySet[CoachingPeriod]:
    """Return periods active on a working day (by phase and start) without a daily entry."""
    logged = DailyEntry.objects.filter(period=OuterRef("pk"), date=day)
    return (
        _period_base()
        .filter(phase__in=ACTIVE_PHASES, start_on__lte=day)
        .exclude(Exists(logged))
        .order_by("coach_id", "trainee__last_name", "pk")
    )


def repeated_absence_list(
    *, today: date, days: int = 14, threshold: int = 2
) -> QuerySet[CoachingPeriod]:
    """Return periods with ``threshold`` or more unexplained absences in the last ``days`` days.

    Each carries ``unexplained_absences``.
    """
    window = Q(
        daily_entries__attendance=Attendance.ABSENT_UNEXPLAINED,
        daily_entries__date__gt=today - timedelta(days=days),
        daily_entries__date__lte=today,
    )
    return (
        _period_base()
        .annotate(unexplained_absences=Count("daily_entries", filter=window))
        .filter(unexplained_absences__gte=threshold)
        .order_by("-unexplained_absences", "pk")
    )
