"""Time creating a municipality schema: cloning the template vs running migrations.

Prints one line per method with min/median/max over N creations (env BENCH_N, default 5).
Uses var/bench's embedded PostgreSQL unless DATABASE_URL points at a scratch database.
"""

from __future__ import annotations

import os
import statistics
import time

import _django

_django.setup()

from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402
from django_tenants.utils import schema_exists  # noqa: E402

from tenants.models import Municipality  # noqa: E402

N = int(os.environ.get("BENCH_N", "5"))


def create(prefix: str, i: int) -> float:
    slug = f"bench_{prefix}_{i}_{os.getpid()}"
    started = time.perf_counter()
    Municipality(schema_name=slug, slug=slug, name=slug).save(verbosity=0)
    elapsed = time.perf_counter() - started
    assert schema_exists(slug)
    return elapsed


def drop(prefix: str) -> None:
    for m in Municipality.objects.filter(slug__startswith=f"bench_{prefix}_"):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{m.schema_name}" CASCADE')
        m.delete()


def report(label: str, times: list[float]) -> None:
    print(
        f"{label:<28} n={len(times)}  min {min(times):.2f} s  "
        f"median {statistics.median(times):.2f} s  max {max(times):.2f} s"
    )


with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=True, TENANT_BASE_SCHEMA="valmo_template"):
    clone_times = [create("clone", i) for i in range(N)]
with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
    migrate_times = [create("migrate", i) for i in range(N)]
drop("clone")
drop("migrate")
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'valmo_template'"
    )
    tables = cursor.fetchone()[0]
print(f"tenant schema: {tables} tables, PostgreSQL {connection.pg_version // 10000}")
report("clone template schema", clone_times)
report("run migrations", migrate_times)
print(
    f"clone is {statistics.median(migrate_times) / statistics.median(clone_times):.2f}x "
    "faster (median)"
)
