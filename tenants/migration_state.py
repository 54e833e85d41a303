"""Which schemas miss a migration: the deploy's fast path when nothing is to be done.

Reads ``django_migrations`` of the public schema, the clone template and every municipality
in one query, so a deploy with nothing to migrate costs milliseconds per municipality instead
of a ``migrate_schemas`` run over every schema.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import app_labels, get_public_schema_name


@functools.cache
def expected_migrations() -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
    """The graph's migrations of the shared apps and of the tenant apps.

    Read once per process: building the loader reads every migration file (≈ 0.1–0.3 s), and
    the code, hence the graph, does not change while a process runs.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    shared = set(app_labels(settings.SHARED_APPS))
    tenant = set(app_labels(settings.TENANT_APPS))
    return (
        frozenset(key for key in loader.graph.nodes if key[0] in shared),
        frozenset(key for key in loader.graph.nodes if key[0] in tenant),
    )


def tenant_migration_head() -> str:
    """A fingerprint of the tenant apps' migrations: equal heads, equal schemas."""
    keys = sorted(f"{app}.{name}" for app, name in expected_migrations()[1])
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()[:32]


def migrations_behind() -> list[str]:
    """Schemas that miss a migration of the graph, public first; empty when all are at head.

    A database whose public schema is not migrated yet answers ``[public]``.
    """
    expected_public, expected_tenant = expected_migrations()
    public = get_public_schema_name()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT schema_name FROM tenants_municipality WHERE schema_name <> %s", [public]
            )
            schemas = [row[0] for row in cursor.fetchall()]
            if getattr(settings, "TENANT_CREATION_FAKES_MIGRATIONS", False):
                schemas.append(settings.VALMO_TEMPLATE_SCHEMA)
            union = " UNION ALL ".join(
                f"SELECT %s, app, name FROM {connection.ops.quote_name(schema)}.django_migrations"  # noqa: S608
                for schema in [public, *schemas]
            )
            cursor.execute(union, [public, *schemas])
            rows = cursor.fetchall()
    except DatabaseError:
        return [public]  # a new database: not even the public schema is migrated
    applied: dict[str, set[tuple[str, str]]] = {}
    for schema, app, name in rows:
        applied.setdefault(schema, set()).add((app, name))
    behind = [] if expected_public <= applied.get(public, set()) else [public]
    behind += [s for s in schemas if not expected_tenant <= applied.get(s, set())]
    return behind
