"""Time `make test` (the whole command: install, checks, the suite) in a fresh clone.

    python3 bench/make_test_time.py            # fresh clone, warm uv/pip/npm caches
    python3 bench/make_test_time.py --cold     # fresh clone, empty caches (all downloaded)

Clones this repository's HEAD into a temporary folder (not counted), runs `make test` there
with this environment (DATABASE_URL and REDIS_URL as set, so CI's services or the embedded
PostgreSQL without them), prints the wall time, the CPU time of the command and everything it
waited for, and the `==>` step lines, then removes the clone. A fresh clone also builds the
test template database and mypy's cache, as CI does.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true", help="empty uv, pip and npm caches")
    parser.add_argument("--pytest-args", default="", help="PYTEST_ARGS for make test")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="valmo-make-test-"))
    workdir = tmp / "valmo"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(workdir)], check=True)
    env = dict(os.environ)
    env.pop("VALMO_VAR_DIR", None)
    if args.cold:
        for name, sub in (("UV_CACHE_DIR", "uv"), ("PIP_CACHE_DIR", "pip")):
            env[name] = str(tmp / "cache" / sub)
        env["npm_config_cache"] = str(tmp / "cache" / "npm")
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        proc = subprocess.run(
            ["make", "test", f"PYTEST_ARGS={args.pytest_args}"],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        lines = proc.stdout.splitlines()
        steps = [line for line in lines if line.startswith("==>")]
        summary = [line for line in lines if " passed" in line or " failed" in line][-1:]
        print("\n".join(steps + summary))
        caches = "cold (empty) caches" if args.cold else "warm caches"
        print(
            f"make test, fresh clone, {caches}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
            f"exit {proc.returncode}"
        )
        return proc.returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
