"""Importing 1,000 trainee rows and 1,000 staff rows from CSV (onboarding.imports).

Times the preview (every row through the services, then rolled back) and the import itself.
The import runs inside an outer transaction rolled back at the end, so the bench repeats
against the same data; the invitation e-mails (queued on commit) are therefore not counted.
Uses var/bench's embedded PostgreSQL unless DATABASE_URL or VALMO_VAR_DIR say otherwise.
The machine may be shared: the figures are wall-clock seconds of this one process.
"""

from __future__ import annotations

import io
import os
import time

import _django

_django.setup()

from django.db import transaction  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from tenants.models import Municipality, Region  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000"))
SLUG = "bench_import"
HOST = "bench-import.localhost"


def ensure_tenant() -> None:
    from onboarding.services import municipality_onboard
    from tenants.services import public_tenant_ensure, region_create

    public_tenant_ensure(domain="localhost")
    if Municipality.objects.filter(slug=SLUG).exists():
        return
    region = Region.objects.filter(slug="bench").first() or region_create(
        name="Bench", slug="bench"
    )
    municipality_onboard(
        name="Bench Import",
        slug=SLUG,
        domain=HOST,
        region=region.slug,
        admin_email="admin@bench-import.example",
    )


def trainee_csv() -> bytes:
    lines = ["Etunimi;Sukunimi;Syntymäaika;Sähköposti;Puhelin"]
    for number in range(ROWS):
        lines.append(
            f"Etu{number};Suku{number};{1 + number % 28}.{1 + number % 12}.1990;"
            f"t{number}@example.fi;+358 40 {number:07d}"
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def staff_csv() -> bytes:
    lines = ["email,first_name,last_name,role,title"]
    roles = ("work_coach", "career_agent", "unit_supervisor")
    for number in range(ROWS):
        lines.append(
            f"staff{number}@bench-import.example,Etu{number},Suku{number},"
            f"{roles[number % 3]},Valmentaja"
        )
    return ("\n".join(lines) + "\n").encode()


def timed(actor, kind: str, data: bytes, *, commit: bool) -> float:
    from onboarding.imports import import_run

    started = time.perf_counter()
    outcome = import_run(
        actor=actor,
        kind=kind,
        name="bench.csv",
        content=io.BytesIO(data),
        size=len(data),
        commit=commit,
    )
    seconds = time.perf_counter() - started
    assert not outcome.errors, outcome.errors[:3]
    assert outcome.written == ROWS
    return seconds


def main() -> None:
    ensure_tenant()
    with schema_context(SLUG):
        from accounts.models import User

        admin = User.objects.get(email="admin@bench-import.example")
        for kind, data in (("trainees", trainee_csv()), ("staff", staff_csv())):
            preview = timed(admin, kind, data, commit=False)
            with transaction.atomic():
                write = timed(admin, kind, data, commit=True)
                transaction.set_rollback(True)
            print(
                f"{kind}: {ROWS} rows, {len(data) / 1000:.0f} kB: "
                f"preview {preview:.2f} s, import {write:.2f} s"
            )


if __name__ == "__main__":
    main()
