"""Privacy background tasks: the nightly retention job, fanned out to every municipality."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.fanout import fan_out_to_tenants
from valmo.tenancy import current_schema_name

from .services import retention_run, trainee_export_build


@shared_task(name="privacy.retention_run_all")
def retention_run_all(today: str | None = None) -> list[str]:
    """Queue the retention job once in every active municipality (sent from the public schema)."""
    return fan_out_to_tenants(
        retention_run_tenant, kwargs={"today": today or timezone.localdate().isoformat()}
    )


@shared_task(name="privacy.retention_run_tenant", acks_late=True)
def retention_run_tenant(today: str) -> dict:
    """Anonymise or erase what is past retention in the current municipality; idempotent."""
    return retention_run(today=date.fromisoformat(today), actor=None).as_dict()


@shared_task(name="privacy.trainee_export_build", acks_late=True)
def trainee_export_build_task(job_id: int) -> str:
    """Build one queued data-subject export PDF in the current municipality; idempotent."""
    return trainee_export_build(job_id=job_id).status


def trainee_export_queue(job_id: int) -> None:
    """Send the build to a worker once the job's row is committed, in this municipality."""
    schema = current_schema_name()

    def queue() -> None:
        with schema_context(schema):
            trainee_export_build_task.delay(job_id)

    transaction.on_commit(queue)
