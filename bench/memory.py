"""A gunicorn worker's resident memory before and after 10,000 requests.

    python bench/memory.py [--requests 10000] [--municipalities 2]

Starts gunicorn with one worker (DEBUG off), warms it up with 200 requests (imports, caches,
template loading), reads the worker's RSS, sends the requests (signed-in coaches of
bench/load.py's municipalities, Today and the trainee pages in turn, over several hosts so the
tenant caches are exercised), and reads RSS again. Target (issue #15): growth ≤ 10 %.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import time

import _django
import _serve
import psutil


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--municipalities", type=int, default=2)
    args = parser.parse_args()
    _django.setup()
    coaches = _serve.municipalities_with_coaches(args.municipalities)
    paths = itertools.cycle(
        [(c, "/tanaan/") for c in coaches]
        + [(c, f"/valmentautujat/{t}/") for c in coaches for t in c.trainees[:2]]
        + [(c, "/valmentautujat/") for c in coaches]
    )
    port = _serve.free_port()
    server = _serve.gunicorn_start(port, workers=1)
    errors = 0

    def send(n: int) -> None:
        nonlocal errors
        for _ in range(n):
            coach, path = next(paths)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(
                "GET", path, headers={"Host": coach.host, "Cookie": f"sessionid={coach.session}"}
            )
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                errors += 1

    try:
        worker = psutil.Process(server.pid).children()[0]
        send(200)
        before = worker.memory_info().rss
        started = time.perf_counter()
        send(args.requests)
        elapsed = time.perf_counter() - started
        after = worker.memory_info().rss
    finally:
        _serve.gunicorn_stop(server)
    growth = (after - before) / before * 100
    print(
        f"gunicorn worker RSS: {before / 2**20:.1f} MiB after warm-up, {after / 2**20:.1f} MiB "
        f"after {args.requests:,} requests ({growth:+.1f} %; target ≤ 10 %); "
        f"{errors} non-200; {args.requests / elapsed:.0f} requests/s"
    )


if __name__ == "__main__":
    main()
