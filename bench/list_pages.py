"""Time every list page (web) and list endpoint (API) of the large municipality: p50/p95.

    python bench/large_municipality.py            # once: the data
    python bench/list_pages.py [--slug suurkunta] [--n 30] [--as admin|coach]

In-process through the Django test client (the whole middleware stack, session, tenant
routing, audit), ``CONN_MAX_AGE=60`` as in production. Each URL is requested a few times to
warm up, then N times; prints p50, p95, max and the SQL statements of one request. The
admin sees every trainee (the worst case for a list); a coach sees their own group.
Target (issue #15): p95 ≤ 50 ms for every list.
"""

from __future__ import annotations

import argparse
import statistics
import time

import _django


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def urls(trainee_id: int, period_id: int, user_id: int) -> list[tuple[str, str]]:
    return [
        ("web  today", "/tanaan/"),
        ("web  dashboard", "/tyopoyta/"),
        ("web  trainees", "/valmentautujat/"),
        ("web  trainees, page 100", "/valmentautujat/?page=100"),
        ("web  trainees, search", "/valmentautujat/?q=virtanen"),
        ("web  trainees, open phase", "/valmentautujat/?phase=coaching"),
        ("web  trainee page", f"/valmentautujat/{trainee_id}/"),
        ("web  referrals", "/lahetteet/"),
        ("web  period goals", f"/jaksot/{period_id}/tavoitteet/"),
        ("web  group activities", "/ryhmatoiminnot/"),
        ("web  work orders", "/tyotilaukset/"),
        ("web  equipment", "/varusteet/"),
        ("web  capacity overview", "/toimintakyky/"),
        ("api  trainees", "/api/v1/trainees/?limit=50"),
        ("api  trainees, offset 9000", "/api/v1/trainees/?limit=50&offset=9000"),
        ("api  periods", "/api/v1/periods/?limit=50"),
        ("api  periods, offset 20000", "/api/v1/periods/?limit=50&offset=20000"),
        ("api  placements", "/api/v1/placements/?limit=50"),
        ("api  sites", "/api/v1/sites/"),
        ("api  task catalogue", "/api/v1/task-catalogue/"),
        ("api  trainee audit events", f"/api/v1/trainees/{trainee_id}/audit-events/"),
        ("api  user audit events", f"/api/v1/users/{user_id}/audit-events/"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="suurkunta")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--as", dest="viewer", default="admin", choices=["admin", "coach"])
    parser.add_argument("--only", default="", help="only URLs whose label contains this")
    args = parser.parse_args()
    _django.setup()
    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from accounts.models import User
    from coaching.models import CoachingPeriod, DailyEntry, Trainee
    from tenants.models import Municipality

    connection.settings_dict["CONN_MAX_AGE"] = 60
    tenant = Municipality.objects.get(slug=args.slug)
    with schema_context(args.slug):
        email = (
            f"admin@{args.slug}.example"
            if args.viewer == "admin"
            else f"coach0@{args.slug}.example"
        )
        viewer = User.objects.get(email=email)
        period = CoachingPeriod.objects.filter(phase="coaching").order_by("pk").first()
        assert period is not None, "generate the data first: bench/large_municipality.py"
        trainee_id = period.trainee_id
        counts = (
            Trainee.objects.count(),
            CoachingPeriod.objects.count(),
            DailyEntry.objects.count(),
        )
    connection.set_tenant(tenant)
    client = Client(HTTP_HOST=f"{args.slug}.localhost")
    client.force_login(viewer)
    print(
        f"{args.slug}: {counts[0]:,} trainees, {counts[1]:,} periods, {counts[2]:,} daily "
        f"entries; viewer {args.viewer}; n={args.n}; PostgreSQL {connection.pg_version // 10000}"
    )
    print(f"{'':<30} {'p50':>8} {'p95':>8} {'max':>8}  statements  status")
    worst = 0.0
    for label, path in urls(trainee_id, period.pk, viewer.pk):
        if args.only and args.only not in label:
            continue
        for _ in range(3):
            status = client.get(path).status_code
        counter = Counter()
        with connection.execute_wrapper(counter):
            client.get(path)
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        worst = max(worst, p95)
        print(
            f"{label:<30} {statistics.median(times):6.1f}ms {p95:6.1f}ms {max(times):6.1f}ms"
            f"  {counter.count:10d}  {status}",
            flush=True,
        )
    print(f"worst p95 {worst:.1f} ms (target ≤ 50 ms)")


if __name__ == "__main__":
    main()
