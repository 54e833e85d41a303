"""Which schema a request or job runs in: the one place that knows the public schema's name."""

from __future__ import annotations

from django.db import connection
from django_tenants.utils import get_public_schema_name


def current_schema_name() -> str:
    """The schema the current connection runs in (django-tenants adds it; the stubs lack it)."""
    return connection.schema_name  # type: ignore[attr-defined]  # django-tenants' wrapper


def public_schema_name() -> str:
    return get_public_schema_name()


def is_public_schema(schema_name: str) -> bool:
    """Tell whether ``schema_name`` is the public (platform) schema."""
    return schema_name == get_public_schema_name()


def on_public_schema() -> bool:
    """Tell whether the current connection runs in the public schema (the platform host)."""
    return is_public_schema(current_schema_name())


def routing_cache_key(hostname: str) -> str:
    """The cache key of a host's municipality (the tenant middleware; tenants invalidates it)."""
    return f"valmo:tenant-host:{hostname.lower()}"
