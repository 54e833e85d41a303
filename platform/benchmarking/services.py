"""Benchmarking writes: participation, the area's ``k``, runs and publishing one municipality.

Publishing computes inside the municipality's schema and writes only disclosure-controlled
cells to the public schema, as a new snapshot (never an update). See docs/benchmarking.md.
"""

from __future__ import annotations

import time
from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.permissions import permission_required_for
from privacy import audit
from privacy.models import AuditEvent
from tenants.models import Municipality, Region
from tenants.selectors import municipality_list_active
from valmo.errors import refuse
from valmo.integrity import constraint_errors
from valmo.tenancy import on_public_schema

from .disclosure import DEFAULT_K
from .metrics import figures_compute
from .models import (
    CoordinatorRegion,
    Participation,
    RegionSetting,
    Run,
    RunMunicipality,
    Snapshot,
    SnapshotCell,
)
from .tables import publish


@transaction.atomic
@permission_required_for("benchmarking.participation.change")
def participation_set(*, actor: User, participates: bool) -> Participation:
    """The municipality's admin chooses to take part or to leave; recorded in the audit log.

    Leaving keeps what was already published (snapshots are never rewritten) and leaves the
    municipality out of every later run.
    """
    municipality = getattr(connection, "tenant", None)
    if on_public_schema() or not isinstance(municipality, Municipality):
        raise refuse("participates", gettext("Choose this in the municipality's own app."))
    row, _created = Participation.objects.select_for_update().get_or_create(
        municipality_id=municipality.pk
    )
    before = row.participates
    row.participates = participates
    row.save()
    audit.record(
        action=AuditEvent.Action.CHANGE,
        object_type="benchmarking.participation",
        object_id=row.pk,
        section="benchmarking",
        purpose="benchmarking",
        detail={"participates": participates, "before": before},
    )
    return row


@transaction.atomic
@permission_required_for("benchmarking.region.configure")
def region_k_set(*, actor: User, region: Region, k: int) -> RegionSetting:
    """Set the smallest published group of an employment area (the database refuses k < 5)."""
    row = RegionSetting.objects.filter(region=region).first() or RegionSetting(region=region)
    row.k = k
    row.full_clean()
    with constraint_errors():
        row.save()
    return row


def k_for(region_id: int | None) -> int:
    row = RegionSetting.objects.filter(region_id=region_id).first() if region_id else None
    return row.k if row else DEFAULT_K


def default_years(today: date) -> list[int]:
    """The last full year and the current one."""
    return [today.year - 1, today.year]


@transaction.atomic
@permission_required_for("benchmarking.run")
def run_start(*, actor: User | None = None, years: list[int] | None = None) -> Run:
    """Open a run with one queued row per active, participating municipality.

    The caller queues the per-municipality tasks once this transaction commits
    (``benchmarking.tasks``), so a task never looks for a row that is not there yet.
    """
    if not on_public_schema():
        raise refuse("years", gettext("A benchmarking run starts from the platform."))
    run = Run.objects.create(years=sorted(set(years or default_years(timezone.localdate()))))
    municipalities = municipality_list_active().filter(
        benchmarking_participation__participates=True
    )
    RunMunicipality.objects.bulk_create(
        RunMunicipality(run=run, municipality=municipality) for municipality in municipalities
    )
    if not municipalities.exists():
        run.status, run.finished_at = Run.Status.DONE, timezone.now()
        run.save(update_fields=["status", "finished_at"])
    return run


def _claim(run_municipality_id: int) -> RunMunicipality | None:
    with transaction.atomic():
        row = (
            RunMunicipality.objects.select_for_update()
            .select_related("run", "municipality")
            .get(pk=run_municipality_id)
        )
        if row.status in RunMunicipality.FINISHED:
            return None  # a repeated delivery of a finished task does nothing
        row.status, row.started_at = RunMunicipality.Status.RUNNING, timezone.now()
        row.save(update_fields=["status", "started_at"])
        return row


@permission_required_for("benchmarking.run")
def municipality_publish(*, actor: User | None = None, run_municipality_id: int) -> RunMunicipality:
    """Compute one municipality's figures in its schema and publish them as a new snapshot.

    Idempotent: a finished row is left alone, and a snapshot already written for this run
    (a task delivered twice) is not written again. A failure is recorded on the row (the
    exception's class only) and not raised, so the other municipalities carry on. Three short
    transactions (claim, publish, finish), so that a failure can still be recorded.
    """
    row = _claim(run_municipality_id)
    if row is None:
        return RunMunicipality.objects.get(pk=run_municipality_id)
    began = time.perf_counter()
    status, error = RunMunicipality.Status.DONE, ""
    try:
        with transaction.atomic():
            if Participation.objects.filter(
                municipality_id=row.municipality_id, participates=True
            ).exists():
                _publish(row)
            else:  # left between the start of the run and now
                status = RunMunicipality.Status.SKIPPED
    except Exception as exc:  # recorded on the run; the other municipalities go on
        status, error = RunMunicipality.Status.FAILED, type(exc).__name__[:100]
    row.status, row.error = status, error
    row.seconds = round(time.perf_counter() - began, 3)
    row.finished_at = timezone.now()
    row.save(update_fields=["status", "error", "seconds", "finished_at"])
    run_finish_if_complete(run_id=row.run_id)
    return row


def _publish(row: RunMunicipality) -> None:
    municipality = row.municipality
    if Snapshot.objects.filter(run_id=row.run_id, municipality_id=municipality.pk).exists():
        return
    with schema_context(municipality.schema_name):
        figures = figures_compute(years=row.run.years)
    k = k_for(municipality.region_id)
    snapshot = Snapshot.objects.create(
        run_id=row.run_id, municipality=municipality, region_id=municipality.region_id, k=k
    )
    SnapshotCell.objects.bulk_create(
        SnapshotCell(
            snapshot=snapshot,
            metric=cell.cell.metric,
            period=cell.cell.period,
            dimension=cell.cell.dimension,
            category=cell.cell.category,
            count=cell.count,
            value=cell.value,
            suppressed=cell.suppressed,
        )
        for cell in publish(figures, k=k)
    )


def run_finish_if_complete(*, run_id: int) -> Run:
    """Close the run once every municipality has finished (done, failed or skipped)."""
    with transaction.atomic():
        run = Run.objects.select_for_update().get(pk=run_id)
        if run.finished_at is not None:
            return run
        statuses = set(
            RunMunicipality.objects.filter(run_id=run_id).values_list("status", flat=True)
        )
        if statuses <= set(RunMunicipality.FINISHED):
            failed = RunMunicipality.Status.FAILED in statuses
            run.status = Run.Status.DONE_WITH_FAILURES if failed else Run.Status.DONE
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "finished_at"])
        return run


@transaction.atomic
@permission_required_for("benchmarking.coordinator.assign")
def coordinator_regions_set(
    *, actor: User | None, user: User, regions: list[Region]
) -> list[Region]:
    """Set the employment areas a regional coordinator may compare (replacing the earlier ones).

    Only a regional coordinator's account of the public schema can be given areas; a
    coordinator without any area sees nothing.
    """
    if not on_public_schema():
        raise refuse("user", gettext("Coordinators are managed on the platform's own host."))
    if user.role != User.Role.REGIONAL_COORDINATOR:
        raise refuse("user", gettext("Only a regional coordinator can be given employment areas."))
    wanted = {region.pk: region for region in regions}
    CoordinatorRegion.objects.filter(user=user).exclude(region_id__in=wanted).delete()
    have = set(CoordinatorRegion.objects.filter(user=user).values_list("region_id", flat=True))
    CoordinatorRegion.objects.bulk_create(
        CoordinatorRegion(user=user, region_id=pk) for pk in wanted if pk not in have
    )
    return sorted(wanted.values(), key=lambda region: region.name)
