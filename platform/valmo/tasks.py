"""Platform-level tasks: diagnostics and the fan-out of periodic per-tenant jobs."""

from __future__ import annotations

from celery import shared_task
from django.db import connection

from valmo.tenancy import current_schema_name


@shared_task(name="valmo.ping")
def ping() -> dict[str, str]:
    """Report which schema the worker ran in; used by the health check and tests."""
    tenant = getattr(connection, "tenant", None)
    return {
        "schema": current_schema_name(),
        "tenant": getattr(tenant, "name", ""),
    }
