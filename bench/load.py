"""Load test: locust, headless and bounded in time, against gunicorn on loopback.

    python bench/load.py [--municipalities 20] [--users 40] [--seconds 60] [--workers 2*cores+1]

Needs the bench extra (``make bench`` or ``scripts/install.sh bench``: locust). Creates (once)
N municipalities × 2 coaches with six trainees each, signs each coach in, starts gunicorn on
127.0.0.1 with production-like settings (DEBUG off, persistent database connections) and runs
locust with one simulated user per coach doing the Today journey and the trainee page (wait
0.5–1.5 s between requests). Prints requests, failures, throughput, p50/p95/p99 and requests
per second per core, from locust's CSV statistics. Target (issue #15): zero errors.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import _django
import _serve


def main() -> None:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=20)
    parser.add_argument("--users", type=int, default=0, help="default: 2 per municipality")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * cores + 1)
    args = parser.parse_args()
    _django.setup()
    coaches = _serve.municipalities_with_coaches(args.municipalities)
    users = args.users or len(coaches)
    port = _serve.free_port()
    with tempfile.TemporaryDirectory() as tmp:
        coaches_file = Path(tmp) / "coaches.json"
        coaches_file.write_text(json.dumps([asdict(c) for c in coaches]))
        server = _serve.gunicorn_start(port, args.workers)
        try:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(_django.ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(max(1, users // 5)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(Path(tmp) / "load"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={**os.environ, "BENCH_LOAD_COACHES": str(coaches_file)},
                check=False,
                timeout=args.seconds + 120,
            )
        finally:
            _serve.gunicorn_stop(server)
        rows = list(csv.DictReader(open(Path(tmp) / "load_stats.csv")))  # noqa: SIM115
    print(
        f"\n{args.municipalities} municipalities x 2 coaches, {users} users, {args.seconds} s, "
        f"gunicorn {args.workers} workers, {cores} cores"
    )
    print(f"{'':<14} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for row in rows:
        print(
            f"{row['Name']:<14} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(
        f"throughput {float(total['Requests/s']):.1f} requests/s, "
        f"{float(total['Requests/s']) / cores:.1f} per core; errors {total['Failure Count']}; "
        "latencies in ms"
    )


if __name__ == "__main__":
    main()
