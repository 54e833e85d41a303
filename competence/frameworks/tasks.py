"""Celery tasks for qualification frameworks (public schema)."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from .import_jobs import framework_import_run


@shared_task(name="qualifications.framework_import_run", acks_late=True)
def framework_import_run_task(import_id: int) -> str:
    """Run one queued import; idempotent (a finished import is left alone)."""
    return framework_import_run(import_id=import_id).status


def framework_import_queue(import_id: int) -> None:
    """Send the import to a worker once the request's row is committed."""
    transaction.on_commit(lambda: framework_import_run_task.delay(import_id))
