"""The schema pool's refill: clone and seed schemas ahead of onboarding (tenants.schema_pool)."""

from __future__ import annotations

from accounts.models import User
from coaching import services as coaching_services
from competence.capacity.services import platform_instruments_sync
from tenants.schema_pool import pool_refill


def _pooled_schema_prepare() -> None:
    """Seed a pooled schema as far as it does not depend on the municipality.

    Onboarding runs the same idempotent seeds again, which then only read.
    """
    coaching_services.tenant_defaults_seed(actor=None)
    platform_instruments_sync()


def schema_pool_refill(*, size: int | None = None, actor: User | None = None) -> int:
    """Clone (and seed) schemas until the pool holds its size; return how many were added.

    Idempotent; the Celery task after each onboarding and ``valmo_migrate`` call it.
    """
    return pool_refill(prepare=_pooled_schema_prepare, size=size)
