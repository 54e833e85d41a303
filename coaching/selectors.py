"""Coaching reads."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Site, TaskSector, Trainee, WorkUnit


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
