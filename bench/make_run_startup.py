"""Time `make run` from the command to the first served page, then Ctrl-C it.

    python3 bench/make_run_startup.py            # a later `make run` in this checkout
    python3 bench/make_run_startup.py --fresh     # the first `make run` in a fresh clone
    python3 bench/make_run_startup.py --fresh --cold   # … with empty package caches

Prints the seconds to the first served page (when `make run` prints its URL; it prints that
after the page answered) and the seconds Ctrl-C took to stop everything. `--fresh` clones
this repository's HEAD into a temporary folder first (not counted) and removes it after;
package caches (uv's, pip's) stay warm unless `--cold` points uv, pip and npm at empty
temporary caches (everything is downloaded again). DATABASE_URL and REDIS_URL are
removed from the environment, so the embedded PostgreSQL and the filesystem broker are used.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh", action="store_true", help="first run in a fresh clone")
    parser.add_argument("--cold", action="store_true", help="empty uv, pip and npm caches")
    parser.add_argument("--port", default="8765")
    args = parser.parse_args()

    workdir = ROOT
    tmp = None
    if args.fresh:
        tmp = Path(tempfile.mkdtemp(prefix="valmo-fresh-"))
        workdir = tmp / "valmo"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(workdir)], check=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "VALMO_VAR_DIR", "DJANGO_SETTINGS_MODULE"}
    }
    if args.cold:
        tmp = tmp or Path(tempfile.mkdtemp(prefix="valmo-cold-"))
        for name, sub in (("UV_CACHE_DIR", "uv"), ("PIP_CACHE_DIR", "pip")):
            env[name] = str(tmp / "cache" / sub)
        env["npm_config_cache"] = str(tmp / "cache" / "npm")
    try:
        started = time.monotonic()
        proc = subprocess.Popen(
            ["make", "run", f"PORT={args.port}"],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Valmo runs at" in line:
                break
        served = time.monotonic() - started
        os.killpg(proc.pid, signal.SIGINT)
        stopping = time.monotonic()
        lines += proc.stdout.readlines()
        proc.wait()
        stopped = time.monotonic() - stopping
        steps = "".join(line for line in lines if line.startswith("==>"))
        print(steps + f"first page {served:.1f} s; stop {stopped:.1f} s; exit {proc.returncode}")
        return 0 if any("Valmo runs at" in line for line in lines) else 1
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
