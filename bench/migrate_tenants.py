"""Time a no-op ``migrate_schemas`` over 50 municipalities: standard vs multiprocessing executor.

Creates missing bench tenants (cloned) up to BENCH_TENANTS (default 50) and leaves them in
var/bench for the next run. Each timing is a whole ``manage.py`` process, as in a deploy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import _django

_django.setup()

from tenants.models import Municipality  # noqa: E402

TENANTS = int(os.environ.get("BENCH_TENANTS", "50"))
existing = Municipality.objects.filter(slug__startswith="benchmig_").count()
started = time.perf_counter()
for i in range(existing, TENANTS):
    slug = f"benchmig_{i:03d}"
    Municipality(schema_name=slug, slug=slug, name=slug).save(verbosity=0)
if existing < TENANTS:
    print(f"created {TENANTS - existing} tenants in {time.perf_counter() - started:.1f} s")
total = Municipality.objects.exclude(schema_name="public").count()

for executor in ("standard", "multiprocessing"):
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "migrate_schemas",
            "--tenant",
            "--executor",
            executor,
            "-v",
            "0",
        ],
        cwd=_django.ROOT,
        env=_django.manage_env(),
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    print(f"no-op migrate_schemas, {total} tenants, {executor:<15} {elapsed:.1f} s")
