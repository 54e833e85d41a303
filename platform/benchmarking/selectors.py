"""Benchmarking reads (public schema): runs, their progress and the published snapshots."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import User

from .models import CoordinatorRegion, Participation, Run, RunMunicipality, SnapshotCell


def participation_get(*, municipality_id: int) -> bool:
    return Participation.objects.filter(municipality_id=municipality_id, participates=True).exists()


def run_latest_finished() -> Run | None:
    return Run.objects.filter(finished_at__isnull=False).order_by("-finished_at", "-pk").first()


def run_progress(*, run_id: int) -> QuerySet[RunMunicipality]:
    """Each municipality's status in the run, for operators."""
    return RunMunicipality.objects.filter(run_id=run_id).select_related("municipality")


def snapshot_cells(*, run_id: int, region_id: int | None = None) -> QuerySet[SnapshotCell]:
    """The published cells of a run, optionally of one employment area's municipalities."""
    cells = SnapshotCell.objects.filter(snapshot__run_id=run_id)
    if region_id is not None:
        cells = cells.filter(snapshot__region_id=region_id)
    return cells.select_related("snapshot")


def participation_status(*, municipality_id: int) -> bool:
    """Whether the municipality takes part in benchmarking (for the setup checklist)."""
    return participation_get(municipality_id=municipality_id)


def run_list_recent(*, limit: int = 10) -> list[Run]:
    """The latest runs with their municipalities' rows, for the operators' progress page."""
    return list(
        Run.objects.order_by("-started_at", "-pk").prefetch_related("municipalities__municipality")[
            :limit
        ]
    )


def coordinator_list() -> QuerySet[User]:
    """Regional coordinators of the public schema, each with their areas (``areas``)."""
    return (
        User.objects.filter(role=User.Role.REGIONAL_COORDINATOR)
        .prefetch_related(
            Prefetch(
                "coordinator_regions",
                queryset=CoordinatorRegion.objects.select_related("region").order_by(
                    "region__name"
                ),
                to_attr="areas",
            )
        )
        .order_by("-is_active", "last_name", "first_name", "email")
    )
