"""Reads of the task catalogue for the tenant admin's screens and the API (retired tasks too)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from coaching import defaults
from coaching.models import DifficultyLevel, TaskSector, WorkTask, WorkTaskLevel


@dataclass(frozen=True)
class NationalSector:
    """A national default sector and how much of it the municipality has adopted."""

    code: str
    name: str
    default_tasks: int
    adopted_tasks: int  # tasks of the sector that came from its defaults (retired too)
    in_use: bool  # the municipality has the sector

    @property
    def complete(self) -> bool:
        return self.in_use and self.adopted_tasks >= self.default_tasks


def national_sectors() -> list[NationalSector]:
    """Every national default sector with the municipality's adoption of it, in one query."""
    adopted = {
        row["code"]: row["adopted"]
        for row in TaskSector.objects.annotate(
            adopted=Count("tasks", filter=~Q(tasks__national_default=""))
        ).values("code", "adopted")
    }
    return [
        NationalSector(
            code=code,
            name=name,
            default_tasks=len(tasks),
            adopted_tasks=adopted.get(code, 0),
            in_use=code in adopted,
        )
        for code, name, tasks in defaults.TASK_SECTORS
    ]


def work_task_list() -> QuerySet[WorkTask]:
    """Every task, retired ones included, with its sector, ordering unit and levels."""
    return (
        WorkTask.objects.select_related("sector", "ordering_unit")
        .prefetch_related(
            Prefetch("levels", queryset=WorkTaskLevel.objects.select_related("level"))
        )
        .order_by("sector__order", "sector__name", "name", "pk")
    )


def catalogue_sectors() -> QuerySet[TaskSector]:
    """Sectors with every task (retired last within the sector) and its levels."""
    tasks = WorkTask.objects.select_related("ordering_unit").order_by(
        F("retired_at").asc(nulls_first=True), "name", "pk"
    )
    return TaskSector.objects.prefetch_related(
        Prefetch("tasks", queryset=tasks),
        Prefetch("tasks__levels", queryset=WorkTaskLevel.objects.select_related("level")),
    )


def difficulty_level_list() -> QuerySet[DifficultyLevel]:
    return DifficultyLevel.objects.order_by("level")


def task_sector_list() -> QuerySet[TaskSector]:
    return TaskSector.objects.order_by("order", "name")
