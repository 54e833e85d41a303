"""The periodic benchmarking run: opened in the public schema, fanned out per municipality.

Tasks take ids and are idempotent; the per-municipality tasks are queued once the run's rows
are committed, each sent inside its municipality's schema (tenant-schemas-celery carries it).
"""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django_tenants.utils import schema_context

from .models import RunMunicipality
from .services import municipality_publish, run_start


def run_queue(run_id: int) -> int:
    """Send one task per queued municipality of the run; returns how many were sent."""
    rows = RunMunicipality.objects.filter(
        run_id=run_id, status=RunMunicipality.Status.QUEUED
    ).select_related("municipality")
    sent = 0
    for row in rows:
        with schema_context(row.municipality.schema_name):
            municipality_publish_task.apply_async(args=(row.pk,))
        sent += 1
    return sent


@shared_task(name="benchmarking.run_all")
def run_all(years: list[int] | None = None) -> int:
    """Open a run (public schema) and queue its municipalities once it is committed."""
    run = run_start(actor=None, years=years)
    transaction.on_commit(lambda: run_queue(run.pk))
    return run.pk


@shared_task(name="benchmarking.municipality_publish", acks_late=True)
def municipality_publish_task(run_municipality_id: int) -> str:
    """Publish one municipality's snapshot; the outcome is recorded on the run's row."""
    return municipality_publish(actor=None, run_municipality_id=run_municipality_id).status
