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


def deep_cursor(pk: int) -> str:
    """The signed cursor of the API page that starts after ``pk`` (the lists page by ``pk``,
    keyset: ``WHERE id > pk ORDER BY id``), as a ``next`` link deep into the list carries."""
    from django.core import signing

    from api.pagination import _CURSOR_SALT

    return signing.dumps({"p": str(pk)}, salt=_CURSOR_SALT, compress=True)


def urls(
    trainee_id: int, period_id: int, user_id: int, deep_trainee: int, deep_period: int
) -> list[tuple[str, str]]:
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
        ("web  capacity overview, page 100", "/toimintakyky/?page=100"),
        ("web  benchmarking", "/vertailu/"),
        ("web  frameworks", "/tutkinnot/"),
        ("web  learning environments", "/oppimisymparistot/"),
        ("web  task competence mapping", "/tehtavien-osaaminen/"),
        ("web  sites", "/asetukset/toimipisteet/"),
        ("web  partners", "/asetukset/kumppanit/"),
        ("web  api settings", "/asetukset/rajapinta/"),
        ("api  trainees", "/api/v1/trainees/?limit=50"),
        ("api  trainees, cursor at 90 %", f"/api/v1/trainees/?limit=50&cursor={deep_trainee}"),
        ("api  periods", "/api/v1/periods/?limit=50"),
        ("api  periods, cursor at 90 %", f"/api/v1/periods/?limit=50&cursor={deep_period}"),
        ("api  placements", "/api/v1/placements/?limit=50"),
        ("api  referrals", "/api/v1/referrals/?limit=50"),
        ("api  period goals", f"/api/v1/periods/{period_id}/goals/"),
        ("api  activities", "/api/v1/activities/?limit=50"),
        ("api  work orders", "/api/v1/work-orders/?limit=50"),
        ("api  staff", "/api/v1/staff/?limit=50"),
        ("api  work units", "/api/v1/work-units/"),
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
        deep = [
            deep_cursor(model.objects.order_by("pk").values_list("pk", flat=True)[n * 9 // 10])
            for model, n in ((Trainee, counts[0]), (CoachingPeriod, counts[1]))
        ]
    connection.set_tenant(tenant)
    client = Client(HTTP_HOST=f"{args.slug}.localhost")
    client.force_login(viewer)
    print(
        f"{args.slug}: {counts[0]:,} trainees, {counts[1]:,} periods, {counts[2]:,} daily "
        f"entries; viewer {args.viewer}; n={args.n}; PostgreSQL {connection.pg_version // 10000}"
    )
    print(f"{'':<34} {'p50':>8} {'p95':>8} {'max':>8}  statements  status")
    worst = 0.0
    for label, path in urls(trainee_id, period.pk, viewer.pk, *deep):
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
            f"{label:<34} {statistics.median(times):6.1f}ms {p95:6.1f}ms {max(times):6.1f}ms"
            f"  {counter.count:10d}  {status}",
            flush=True,
        )
    print(f"worst p95 {worst:.1f} ms (target ≤ 50 ms)")


if __name__ == "__main__":
    main()
