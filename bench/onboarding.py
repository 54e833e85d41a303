"""Time onboarding a municipality: from the schema pool, and with the pool empty.

    python bench/onboarding.py [--n 5]

Calls ``onboarding.services.municipality_onboard`` — what the admin's request waits for —
N times with a pool of N pre-cloned schemas, then N times with the pool switched off (the
template is cloned in the request). The refill the service queues after commit runs in the
Celery worker, not in the request, so the bench records the queued call instead of running
it. The pool itself is filled first (timed separately). Prints min/median/max; drops what it
created. Uses var/bench's embedded PostgreSQL unless DATABASE_URL points at a scratch database.
"""

from __future__ import annotations

import argparse
import statistics
import time

import _django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5)
    args = parser.parse_args()
    _django.setup()
    from django.db import connection
    from django.test import override_settings

    import onboarding.services as onboarding_services
    from onboarding.pool import schema_pool_refill
    from tenants.models import Domain, Municipality, PooledSchema, Region
    from tenants.services import region_create

    queued: list[str] = []
    onboarding_services.schema_pool_refill_task.delay = lambda: queued.append("refill")  # type: ignore[method-assign]
    region = Region.objects.first() or region_create(name="Bench", slug="bench")

    def onboard(prefix: str, i: int) -> float:
        slug = f"bench_onb_{prefix}_{i}"
        started = time.perf_counter()
        onboarding_services.municipality_onboard(
            name=f"Bench {prefix} {i}",
            slug=slug,
            domain=f"{slug.replace('_', '-')}.localhost",
            region=region.slug,
            admin_email=f"admin@{slug.replace('_', '-')}.example",
        )
        return time.perf_counter() - started

    def cleanup() -> None:
        for m in Municipality.objects.filter(slug__startswith="bench_onb_"):
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{m.schema_name}" CASCADE')
            Domain.objects.filter(tenant=m).delete()
            m.delete()

    def report(label: str, times: list[float]) -> None:
        print(
            f"{label:<40} n={len(times)}  min {min(times):.3f} s  "
            f"median {statistics.median(times):.3f} s  max {max(times):.3f} s",
            flush=True,
        )

    cleanup()
    onboard("warm", 0)  # first call: imports, template check, caches
    cleanup()
    with override_settings(VALMO_SCHEMA_POOL_SIZE=args.n):
        started = time.perf_counter()
        added = schema_pool_refill(size=args.n)
        fill = time.perf_counter() - started
        print(f"pool filled: {added} schemas in {fill:.1f} s ({fill / max(added, 1):.2f} s each)")
        pooled = [onboard("pool", i) for i in range(args.n)]
    assert not PooledSchema.objects.exists(), "every onboarding should have taken a pooled schema"
    with override_settings(VALMO_SCHEMA_POOL_SIZE=0):
        empty = [onboard("empty", i) for i in range(args.n)]
    cleanup()
    print(f"PostgreSQL {connection.pg_version // 10000}; refills queued: {len(queued)}")
    report("onboard, schema from the pool", pooled)
    report("onboard, pool empty (clone template)", empty)


if __name__ == "__main__":
    main()
