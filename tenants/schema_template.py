"""The migrated template schema that new municipalities are cloned from.

Cloning was measured faster than running migrations (docs/performance.md). The template is
not a tenant row, so ``migrate_schemas`` alone does not update it: every deploy runs
``manage.py valmo_migrate`` and onboarding re-checks it, because a stale template would be
cloned with its missing columns hidden behind faked migrations.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_exists

from .migration_state import expected_migrations


def template_schema_name() -> str:
    return settings.VALMO_TEMPLATE_SCHEMA


def cloning_enabled() -> bool:
    return bool(getattr(settings, "TENANT_CREATION_FAKES_MIGRATIONS", False))


def template_schema_is_current() -> bool:
    """True when the template has applied every migration of every tenant app."""
    name = template_schema_name()
    if not schema_exists(name):
        return False
    expected = expected_migrations()[1]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{name}".django_migrations')  # noqa: S608
        applied = set(cursor.fetchall())
    return expected <= applied


def template_schema_sync(*, verbosity: int = 0) -> bool:
    """Create or migrate the template schema; return True if anything was done."""
    if not cloning_enabled() or template_schema_is_current():
        return False
    name = template_schema_name()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    call_command(
        "migrate_schemas", schema_name=name, tenant=True, interactive=False, verbosity=verbosity
    )
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' wrapper
    return True
