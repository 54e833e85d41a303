"""Privacy background tasks: the nightly retention job, fanned out to every municipality."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from tenants.fanout import fan_out_to_tenants

from .services import retention_run


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
    from .services.export_jobs import trainee_export_build  # the services import this module

    return trainee_export_build(job_id=job_id).status
