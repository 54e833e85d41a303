"""Time a deploy with nothing to migrate over N municipalities (env BENCH_TENANTS, default 50).

Creates missing bench tenants (cloned from the template) and leaves them in var/bench for the
next run. Each timing is a whole ``manage.py`` process, as in a deploy:
- ``valmo_migrate`` (the deploy command: one query finds the schemas behind the graph and
  skips the rest, then the platform's instruments are synced; ``--no-pool``),
- django-tenants' ``migrate_schemas --tenant`` with the standard and multiprocessing executors
  (what a deploy ran before), unless BENCH_SKIP_MIGRATE_SCHEMAS=1.
Also prints ``migrations_behind()`` in-process (the one query) and the per-municipality cost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import _django

_django.setup()

from django.db import transaction  # noqa: E402

from tenants.migration_state import migrations_behind  # noqa: E402
from tenants.models import Municipality  # noqa: E402
from tenants.schema_pool import schema_clone_from_template  # noqa: E402

TENANTS = int(os.environ.get("BENCH_TENANTS", "50"))
existing = Municipality.objects.filter(slug__startswith="benchmig_").count()
started = time.perf_counter()
for i in range(existing, TENANTS):
    slug = f"benchmig_{i:03d}"
    with transaction.atomic():
        schema_clone_from_template(slug)
        Municipality(schema_name=slug, slug=slug, name=slug).save(verbosity=0)
if existing < TENANTS:
    print(f"created {TENANTS - existing} tenants in {time.perf_counter() - started:.1f} s")
total = Municipality.objects.exclude(schema_name="public").count()

migrations_behind()  # warm: the migration graph is read once per process
started = time.perf_counter()
behind = migrations_behind()
print(
    f"migrations_behind() in-process, {total} municipalities: "
    f"{(time.perf_counter() - started) * 1000:.1f} ms, {len(behind)} behind"
)


def run(label: str, command: list[str]) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=_django.ROOT,
        env=_django.manage_env(),
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    print(
        f"{label:<42} {total} municipalities  {elapsed:6.1f} s  "
        f"({elapsed / total * 1000:.0f} ms per municipality)",
        flush=True,
    )


run("no-op valmo_migrate", ["valmo_migrate", "--no-pool", "-v", "0"])
run("manage.py check (Django start-up alone)", ["check"])
if os.environ.get("BENCH_SKIP_MIGRATE_SCHEMAS") != "1":
    for executor in ("standard", "multiprocessing"):
        run(
            f"no-op migrate_schemas, {executor}",
            ["migrate_schemas", "--tenant", "--executor", executor, "-v", "0"],
        )
