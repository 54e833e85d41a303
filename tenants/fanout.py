"""Fan a periodic job out from the public schema to every active municipality."""

from __future__ import annotations

from collections.abc import Iterable

from celery import Task
from django_tenants.utils import schema_context

from .selectors import municipality_list_active


def fan_out_to_tenants(task: Task, *, args: Iterable = (), kwargs: dict | None = None) -> list[str]:
    """Queue ``task`` once in each active tenant's schema and return the schema names.

    tenant-schemas-celery records the schema active at send time, so sending inside
    ``schema_context`` is what makes each copy run in its own tenant.
    """
    queued: list[str] = []
    for municipality in municipality_list_active():
        with schema_context(municipality.schema_name):
            task.apply_async(args=tuple(args), kwargs=kwargs or {})
        queued.append(municipality.schema_name)
    return queued
