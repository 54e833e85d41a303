"""The schema pool's refill: clone and seed schemas ahead of onboarding (tenants.schema_pool)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from celery import shared_task

from coaching import services as coaching_services
from competence.capacity.definitions import platform_definitions
from competence.capacity.services import platform_instruments_sync
from tenants.schema_pool import pool_refill, pool_take


@functools.cache
def seed_variant() -> str:
    """A fingerprint of the seed data a pooled schema was prepared with.

    The default configuration and the platform's instruments ship with the code and may change
    without a migration; a pooled schema seeded from other data is then not handed out.
    """
    from coaching import defaults

    digest = hashlib.sha256(Path(defaults.__file__).read_bytes())
    for definition in platform_definitions():
        digest.update(definition.sha256.encode())
    return digest.hexdigest()[:16]


def pooled_schema_take(*, schema_name: str) -> bool:
    """Rename a seeded pooled schema to ``schema_name``; False when none is ready."""
    return pool_take(schema_name=schema_name, variant=seed_variant())


def _pooled_schema_prepare() -> None:
    """Seed a pooled schema as far as it does not depend on the municipality.

    Onboarding skips the seeds for a pooled schema: the pool entry's variant says it was
    seeded from the same data.
    """
    coaching_services.tenant_defaults_seed(actor=None)
    platform_instruments_sync()


def schema_pool_refill(*, size: int | None = None) -> int:
    """Clone (and seed) schemas until the pool holds its size; return how many were added.

    Idempotent; the Celery task after each onboarding and ``valmo_migrate`` call it. A system
    job with no actor: it creates no municipality and touches no personal data.
    """
    return pool_refill(prepare=_pooled_schema_prepare, variant=seed_variant(), size=size)


@shared_task(name="onboarding.schema_pool_refill")
def schema_pool_refill_task() -> int:
    """Refill the pool of pre-cloned schemas after an onboarding took one (idempotent)."""
    return schema_pool_refill()
