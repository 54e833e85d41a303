"""Time the benchmarking fan-out and publication over many municipalities.

Builds (once; reruns reuse them) BENCH_MUNICIPALITIES municipalities (default 100) with
BENCH_TRAINEES trainees each (default 500) and a year of synthetic activity: referrals,
periods with participation statuses, ends with outcomes, a daily log. Then opens a run and
publishes every municipality's snapshot with BENCH_PROCESSES processes (default 2, one per
core), as the Celery workers would, and prints the total time and the time per municipality.
Target: 100 × 500 in at most 60 s on 2 cores.

    BENCH_MUNICIPALITIES=4 BENCH_TRAINEES=100 .venv/bin/python bench/benchmarking_fanout.py

Uses var/bench's embedded PostgreSQL unless DATABASE_URL points at a scratch database.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from datetime import date, timedelta
from decimal import Decimal

import _django

MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "100"))
TRAINEES = int(os.environ.get("BENCH_TRAINEES", "500"))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "2"))
YEAR = 2026
PREFIX = f"bbench_{TRAINEES}_"


def _populate(seed: int) -> None:
    """A year of activity in the current schema (bulk writes: this is set-up, not measured)."""
    from accounts.models import User
    from coaching.models import (
        CoachingPeriod,
        DailyEntry,
        ParticipationStatus,
        PartnerContact,
        PartnerOrganisation,
        PeriodStatus,
        Referral,
        ServiceForm,
        TargetGroup,
        Trainee,
    )
    from coaching.services.setup import tenant_defaults_seed

    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    tenant_defaults_seed(actor=None)
    coaches = [
        User.objects.create_user(email=f"coach{n}@bench.example.fi", role="work_coach")
        for n in range(max(2, TRAINEES // 12))
    ]
    organisation = PartnerOrganisation.objects.create(name="TE", kind="employment_area")
    contact = PartnerContact.objects.create(
        organisation=organisation, name="Case manager", is_case_manager=True
    )
    forms = list(ServiceForm.objects.all())
    groups = [*TargetGroup.objects.all(), None]
    statuses = list(ParticipationStatus.objects.all())
    trainees = Trainee.objects.bulk_create(
        Trainee(
            first_name="Synteettinen",
            last_name=f"Henkilö {n}",
            date_of_birth=date(rng.randint(1962, 2007), rng.randint(1, 12), rng.randint(1, 28)),
            gender=rng.choice(["female", "male", "female", "male", "other", ""]),
        )
        for n in range(TRAINEES)
    )
    starts = [date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 300)) for _ in trainees]
    referrals = Referral.objects.bulk_create(
        Referral(
            trainee=trainee,
            case_manager=contact,
            legal_basis="employment_plan",
            legal_basis_date=start,
            requested_status=rng.choice(statuses),
            service_form=rng.choice(forms),
            target_group=rng.choice(groups),
            days_per_week=5,
            hours_per_day=Decimal(6),
            planned_start_on=start,
            planned_end_on=start + timedelta(days=180),
        )
        for trainee, start in zip(trainees, starts, strict=True)
    )
    periods = []
    for trainee, referral, start in zip(trainees, referrals, starts, strict=True):
        ended = start + timedelta(days=rng.randint(60, 200))
        done = ended <= date(YEAR, 12, 31)
        periods.append(
            CoachingPeriod(
                trainee=trainee,
                referral=referral,
                coach=rng.choice(coaches),
                phase="ended" if done else "coaching",
                start_on=start,
                planned_end_on=start + timedelta(days=180),
                ended_on=ended if done else None,
                outcome=rng.choice(["open_market_work", "education", "other_service", "pension"])
                if done
                else "",
                follow_up_due_on=ended + timedelta(days=91) if done else None,
            )
        )
    periods = CoachingPeriod.objects.bulk_create(periods)
    PeriodStatus.objects.bulk_create(
        PeriodStatus(
            period=period,
            status=referral.requested_status,
            valid_from=period.start_on,
            days_per_week=5,
            hours_per_day=Decimal(6),
        )
        for period, referral in zip(periods, referrals, strict=True)
    )
    entries = []
    for period in periods:
        last = min(period.ended_on or date(YEAR, 12, 31), date(YEAR, 12, 31))
        day = period.start_on
        while day <= last:
            if day.weekday() < 3:  # three logged days a week
                present = rng.random() < 0.85
                entries.append(
                    DailyEntry(
                        period=period,
                        date=day,
                        attendance="present" if present else "absent_sick",
                        hours=Decimal(6) if present else Decimal(0),
                        recorded_by=period.coach,
                    )
                )
            day += timedelta(days=1)
    DailyEntry.objects.bulk_create(entries, batch_size=5000)


def build() -> list[int]:
    from django.test import override_settings
    from django_tenants.utils import schema_context

    from benchmarking.models import Participation
    from tenants.models import Municipality, Region

    region, _ = Region.objects.get_or_create(slug="bench_area", defaults={"name": "Bench area"})
    ids = []
    began = time.perf_counter()
    for n in range(MUNICIPALITIES):
        slug = f"{PREFIX}{n}"
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            municipality = Municipality(schema_name=slug, slug=slug, name=slug, region=region)
            with override_settings(
                TENANT_CREATION_FAKES_MIGRATIONS=True, TENANT_BASE_SCHEMA="valmo_template"
            ):
                municipality.save(verbosity=0)
            with schema_context(slug):
                _populate(n)
        Participation.objects.update_or_create(
            municipality=municipality, defaults={"participates": True}
        )
        ids.append(municipality.pk)
    print(f"set-up: {MUNICIPALITIES} municipalities ready in {time.perf_counter() - began:.1f} s")
    return ids


def _publish(row_ids: list[int]) -> None:
    from django.db import connections

    connections.close_all()  # a forked process opens its own connection
    from benchmarking.services import municipality_publish

    for row_id in row_ids:
        municipality_publish(actor=None, run_municipality_id=row_id)


def main() -> None:
    _django.setup()
    from benchmarking.models import Participation, Run, RunMunicipality, SnapshotCell
    from benchmarking.services import run_start

    ids = build()
    # Only this size's municipalities take part in the measured run.
    Participation.objects.exclude(municipality_id__in=ids).update(participates=False)
    from django.db import connections

    began = time.perf_counter()
    run = run_start(actor=None, years=[YEAR])
    rows = list(RunMunicipality.objects.filter(run=run).values_list("pk", flat=True))
    chunks = [rows[i::PROCESSES] for i in range(PROCESSES)]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        pool.map(_publish, chunks)
    elapsed = time.perf_counter() - began
    run = Run.objects.get(pk=run.pk)
    seconds = list(RunMunicipality.objects.filter(run=run).values_list("seconds", flat=True))
    failed = RunMunicipality.objects.filter(run=run, status="failed").count()
    cells = SnapshotCell.objects.filter(snapshot__run=run).count()
    hidden = SnapshotCell.objects.filter(snapshot__run=run, suppressed=True).count()
    print(
        f"run {run.pk}: {MUNICIPALITIES} municipalities × {TRAINEES} trainees, "
        f"{PROCESSES} processes, status {run.status}, {failed} failed"
    )
    print(f"cells published: {cells} ({hidden} suppressed)")
    print(f"total: {elapsed:.2f} s, per municipality: {elapsed / max(1, len(rows)):.3f} s wall")
    print(
        f"per municipality in its task: mean {sum(seconds) / max(1, len(seconds)):.3f} s, "
        f"max {max(seconds, default=0):.3f} s"
    )


if __name__ == "__main__":
    main()
