"""What the audit log costs per request: API trainee detail and list, with and without it.

"Without" replaces the recording call of the API base view by a no-op in this process only;
everything else (permission checks, scoping, middleware) is the same. Prints the median and
90th percentile over N requests (env BENCH_N, default 200) and the statements per request.
Uses var/bench's embedded PostgreSQL unless DATABASE_URL or VALMO_VAR_DIR say otherwise.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date
from decimal import Decimal

import _django

_django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

import api.base  # noqa: E402
from tenants.models import Municipality, Region  # noqa: E402

N = int(os.environ.get("BENCH_N", "200"))
SLUG = "bench_audit"
HOST = "bench-audit.localhost"
TRAINEES = 50


def ensure_tenant():
    from onboarding.services import municipality_onboard
    from tenants.services import public_tenant_ensure, region_create

    public_tenant_ensure(domain="localhost")
    tenant = Municipality.objects.filter(slug=SLUG).first()
    if tenant is None:
        region = Region.objects.filter(slug="bench").first() or region_create(
            name="Bench", slug="bench"
        )
        tenant = municipality_onboard(
            name="Bench Audit",
            slug=SLUG,
            domain=HOST,
            region=region.slug,
            admin_email="admin@bench.example",
        )
    with schema_context(SLUG):
        return tenant, ensure_data()


def ensure_data():
    from accounts.models import User
    from coaching import services
    from coaching.models import ParticipationStatus, Trainee

    admin = User.objects.get(email="admin@bench.example")
    coach = User.objects.filter(role=User.Role.WORK_COACH).first() or User.objects.create_user(
        email="coach@bench.example", password="x" * 12, role=User.Role.WORK_COACH
    )
    while Trainee.objects.count() < TRAINEES:
        trainee = Trainee.objects.create(first_name="Bench", last_name=f"{Trainee.objects.count()}")
        services.coaching_period_create(
            actor=admin,
            trainee=trainee,
            coach=coach,
            start_on=date(2026, 3, 2),
            planned_end_on=date(2026, 8, 31),
            override_reason="bench",
        )
        services.period_status_add(
            actor=admin,
            period=trainee.periods.get(),
            status=ParticipationStatus.objects.get(code="work_trial"),
            valid_from=date(2026, 3, 2),
            valid_until=date(2026, 6, 30),
            days_per_week=5,
            hours_per_day=Decimal(6),
        )
    return coach, Trainee.objects.order_by("pk").first()


class Counter:
    """Counts the statements sent to the database (including django-tenants' search_path)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _no_audit(*args, **kwargs) -> None:
    return None


def measure(client: Client, path: str) -> dict[bool, tuple[list[float], int]]:
    """Time audited and unaudited requests alternately, so machine load hits both alike."""
    real = api.base.audit.record_rows
    results: dict[bool, tuple[list[float], int]] = {}
    try:
        for audited in (True, False):
            api.base.audit.record_rows = real if audited else _no_audit
            for _ in range(10):
                assert client.get(path).status_code == 200
            counter = Counter()
            with connection.execute_wrapper(counter):
                client.get(path)
            results[audited] = ([], counter.count)
        for _ in range(N):
            for audited in (True, False):
                api.base.audit.record_rows = real if audited else _no_audit
                started = time.perf_counter()
                client.get(path)
                results[audited][0].append((time.perf_counter() - started) * 1000)
    finally:
        api.base.audit.record_rows = real
    return results


def row(label: str, times: list[float], statements: int) -> str:
    p90 = statistics.quantiles(times, n=10)[-1]
    median = statistics.median(times)
    return f"{label:<34} median {median:6.2f} ms  p90 {p90:6.2f} ms  {statements:3d} statements"


def main() -> None:
    # Production keeps connections open between requests (CONN_MAX_AGE=60).
    connection.settings_dict["CONN_MAX_AGE"] = 60
    tenant, (coach, trainee) = ensure_tenant()
    connection.set_tenant(tenant)
    client = Client(HTTP_HOST=HOST)
    client.force_login(coach)
    print(f"audit cost per request, n={N}, PostgreSQL {connection.pg_version // 10000}")
    for label, path in (
        ("trainee detail", f"/api/v1/trainees/{trainee.pk}/"),
        (f"trainee list ({TRAINEES} rows)", "/api/v1/trainees/?limit=50"),
    ):
        results = measure(client, path)
        (with_times, with_statements), (without_times, without_statements) = (
            results[True],
            results[False],
        )
        print(row(f"{label}, audited", with_times, with_statements))
        print(row(f"{label}, not audited", without_times, without_statements))
        extra = statistics.median(with_times) - statistics.median(without_times)
        print(
            f"{'':<34} difference {extra:+.2f} ms, "
            f"{with_statements - without_statements:+d} statements"
        )


main()
