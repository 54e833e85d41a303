"""A pool of municipality schemas cloned ahead of time: onboarding renames one instead of cloning.

Cloning the template and recording its migrations takes about a second; ``ALTER SCHEMA …
RENAME`` is instant. Each pool entry records the migration head it was cloned at, and only an
entry at the code's head is handed out, so a deploy that adds a migration can never hand out a
schema that misses it (``valmo_migrate`` discards stale entries and refills the pool). The
seeding of a pooled schema (default configuration) belongs to the layers above and is passed
in by ``onboarding.services``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context, schema_exists

from .migration_state import tenant_migration_head
from .models import PooledSchema
from .schema_template import template_schema_name, template_schema_sync

POOL_PREFIX = "valmo_pool_"


def pool_size() -> int:
    """How many schemas the pool keeps ready (``VALMO_SCHEMA_POOL_SIZE``; 0 switches it off)."""
    return max(0, int(getattr(settings, "VALMO_SCHEMA_POOL_SIZE", 0)))


def pool_key(variant: str = "") -> str:
    """What a pool entry must match to be handed out: the migration head, plus the caller's
    ``variant`` (a fingerprint of how the schema was prepared, e.g. the seed data's source)."""
    head = tenant_migration_head()
    return f"{head}+{variant}" if variant else head


def schema_clone_from_template(schema_name: str) -> None:
    """Clone the migrated template into a new schema; its ``django_migrations`` rows come along.

    django-tenants also runs a faked ``migrate_schemas`` after cloning, which only re-records
    the rows the clone already holds and costs most of a second; callers have checked the
    template against the graph (``template_schema_sync``), which makes it unnecessary.
    """
    CloneSchema().clone_schema(template_schema_name(), schema_name, "DATA")


def pool_take(*, schema_name: str, variant: str = "") -> bool:
    """Rename a current pooled schema to ``schema_name``; False when none is ready.

    Runs inside the caller's transaction: a failed onboarding rolls the rename back and the
    entry returns to the pool. ``SKIP LOCKED`` lets two onboardings take two entries at once.
    """
    if pool_size() == 0:
        return False
    with transaction.atomic():
        entry = (
            PooledSchema.objects.select_for_update(skip_locked=True)
            .filter(migration_head=pool_key(variant))
            .order_by("pk")
            .first()
        )
        if entry is None or not schema_exists(entry.schema_name):
            return False
        entry.delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"ALTER SCHEMA {connection.ops.quote_name(entry.schema_name)} "
                f"RENAME TO {connection.ops.quote_name(schema_name)}"
            )
    return True


def pool_discard_stale(*, key: str | None = None) -> int:
    """Drop pooled schemas cloned at another migration head (or whose schema vanished).

    With ``key``, entries prepared differently (another variant) are dropped too.
    """
    head = tenant_migration_head()
    stale = (
        PooledSchema.objects.exclude(migration_head=key)
        if key is not None
        else PooledSchema.objects.exclude(migration_head=head).exclude(
            migration_head__startswith=f"{head}+"
        )
    )
    dropped = 0
    for entry in stale:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Deferred checks of rows written earlier in the same transaction (a refill
                # and a discard in one transaction) would otherwise refuse the drop.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(
                    f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(entry.schema_name)} CASCADE"
                )
            entry.delete()
        dropped += 1
    for entry in PooledSchema.objects.all():
        if not schema_exists(entry.schema_name):
            entry.delete()
            dropped += 1
    return dropped


def pool_refill(
    *,
    prepare: Callable[[], object] | None = None,
    variant: str = "",
    size: int | None = None,
) -> int:
    """Clone schemas until the pool holds ``size`` current entries; return how many were added.

    Idempotent: a second call with a full pool adds nothing. An advisory lock keeps two
    refills (two workers, a deploy and a worker) from overshooting. ``prepare`` runs inside
    each new schema (e.g. seeding the default configuration) before it enters the pool;
    ``variant`` fingerprints it, and entries of another variant are dropped.
    """
    target = pool_size() if size is None else size
    if target <= 0:
        return 0
    added = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('valmo_schema_pool'))")
        template_schema_sync()
        key = pool_key(variant)
        pool_discard_stale(key=key)
        missing = target - PooledSchema.objects.filter(migration_head=key).count()
        for _ in range(missing):
            name = f"{POOL_PREFIX}{uuid.uuid4().hex[:16]}"
            schema_clone_from_template(name)
            if prepare is not None:
                with schema_context(name):
                    prepare()
            PooledSchema.objects.create(
                schema_name=name, migration_head=key, seeded=prepare is not None
            )
            added += 1
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants' wrapper
    return added
