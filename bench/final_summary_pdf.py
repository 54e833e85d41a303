"""How long a six-month period's final summary takes to render to PDF (the bar: 3 s).

Builds, once, a municipality with one trainee's six-month period through the services: a
participation status, every working day logged (present with hours and tasks, one absence a
month), six tasks with level changes, eight goals with reviews, four coach occasions of the
capacity indicator, and a finalised final summary with every written section filled. Then
renders the frozen version's PDF N times (env BENCH_N, default 5) and prints the median and
the slowest, plus the PDF's size and pages. Uses var/bench's embedded PostgreSQL unless
DATABASE_URL or VALMO_VAR_DIR say otherwise.
"""

from __future__ import annotations

import io
import logging
import os
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

import _django

_django.setup()

from django_tenants.utils import schema_context  # noqa: E402

from tenants.models import Municipality, Region  # noqa: E402

N = int(os.environ.get("BENCH_N", "5"))
SLUG = "bench_summary"
HOST = "bench-summary.localhost"
START = date(2026, 1, 5)
END = date(2026, 6, 30)
PARAGRAPH = (
    "Valmentautuja on osallistunut valmennukseen säännöllisesti ja oppinut uusia tehtäviä. "
    "Hän toimii ryhmässä luontevasti, pyytää apua tarvittaessa ja ottaa palautetta vastaan. "
)


def ensure_tenant() -> Municipality:
    from onboarding.services import municipality_onboard
    from tenants.services import public_tenant_ensure, region_create

    public_tenant_ensure(domain="localhost")
    tenant = Municipality.objects.filter(slug=SLUG).first()
    if tenant is None:
        region = Region.objects.filter(slug="bench").first() or region_create(
            name="Bench", slug="bench"
        )
        tenant = municipality_onboard(
            name="Bench Loppukooste",
            slug=SLUG,
            domain=HOST,
            region=region.slug,
            admin_email="admin@bench-summary.example",
        )
    return tenant


def ensure_version():
    """The finalised final summary of the six-month period (built on the first run)."""
    from accounts.models import User
    from coaching import services
    from coaching.models import (
        CoachingPeriod,
        DifficultyLevel,
        ParticipationStatus,
        Trainee,
        WorkTask,
        WorkUnit,
    )
    from coaching.services import DailyEntryInput, TaskDone
    from competence.capacity.models import Instrument, InstrumentVersion
    from competence.capacity.services import capacity_assessment_submit
    from competence.reports import services as reports
    from competence.reports.models import ReportVersion

    found = ReportVersion.objects.order_by("-pk").first()
    if found is not None:
        return found
    admin = User.objects.filter(role="tenant_admin").first()
    coach = User.objects.create_user(
        email="coach@bench-summary.example", password="x" * 12, role="work_coach"
    )
    agent = User.objects.create_user(
        email="agent@bench-summary.example", password="x" * 12, role="career_agent"
    )
    trainee = Trainee.objects.create(
        first_name="Bench", last_name="Valmentautuja", date_of_birth=date(1990, 1, 1)
    )
    unit = WorkUnit.objects.create(name="Kiinteistöpalvelut")
    tasks = list(WorkTask.objects.filter(retired_at__isnull=True).order_by("pk")[:6])
    for task in tasks:
        if task.ordering_unit_id is None:
            task.ordering_unit = unit
            task.save(update_fields=["ordering_unit"])
    levels = list(DifficultyLevel.objects.order_by("level"))
    from django.utils import timezone

    def moment(day: date, hour: int):
        return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))

    period = services.coaching_period_create(
        actor=admin,
        trainee=trainee,
        coach=coach,
        career_agent=agent,
        start_on=START,
        planned_end_on=END,
        override_reason="bench",
        at=moment(START, 7),
    ).period
    services.period_status_add(
        actor=admin,
        period=period,
        status=ParticipationStatus.objects.get(code="work_trial"),
        valid_from=START,
        valid_until=END,
        days_per_week=5,
        hours_per_day=Decimal(6),
    )
    for hour, step in enumerate(["intake_assessment", "pre_coaching", "coaching"], 8):
        services.coaching_period_transition(
            period=period, to_phase=step, actor=admin, reason="bench", at=moment(START, hour)
        )
    for task in tasks:
        services.task_assignment_create(actor=admin, period=period, task=task, level=levels[0])
    day = START
    while day <= END:
        if day.weekday() < 5:
            absent = day.day == 15
            entry = DailyEntryInput(
                trainee_id=trainee.pk,
                attendance="absent_sick" if absent else "present",
                hours=Decimal(0) if absent else Decimal(6),
                tasks=[]
                if absent
                else [TaskDone(tasks[day.toordinal() % len(tasks)].pk, levels[0].pk)],
            )
            services.daily_log_record(actor=coach, date=day, coach=coach, entries=[entry])
        day += timedelta(days=1)
    for index in range(8):
        goal = services.goal_create(actor=coach, period=period, text=f"Tavoite {index + 1}")
        services.goal_review_record(
            actor=coach,
            goal=goal,
            date=END - timedelta(days=index),
            note="Edistynyt",
            status="achieved" if index % 2 == 0 else "open",
        )
    version = (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM,
            instrument__code="valmo-coach-observation",
        )
        .order_by("-number")
        .first()
    )
    items = [item.code for dim in version.dimensions.all() for item in dim.items.all()]
    for occasion, day, value in (
        ("baseline", START + timedelta(days=3), 2),
        ("interim", date(2026, 3, 2), 3),
        ("interim", date(2026, 4, 6), 3),
        ("final", date(2026, 6, 22), 4),
    ):
        capacity_assessment_submit(
            actor=coach,
            period=period,
            version=version,
            occasion=occasion,
            rater_type="coach",
            assessed_on=day,
            answers=dict.fromkeys(items, value),
            rater=coach,
            finalise=occasion != "interim" or day.month == 4,
        )
    period = CoachingPeriod.objects.get(pk=period.pk)
    report = reports.final_summary_draft_get_or_create(actor=coach, period=period)
    reports.report_texts_update(
        actor=coach,
        report=report,
        work_capacity=PARAGRAPH * 4,
        functional_capacity=PARAGRAPH * 4,
        work_unit_input=PARAGRAPH * 2,
        trainee_view=PARAGRAPH * 2,
        recommendations=PARAGRAPH * 3,
    )
    reports.report_acknowledge(actor=coach, report=report, on=END)
    return reports.report_finalise(actor=coach, report=report)


def main() -> None:
    from pypdf import PdfReader

    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    from competence.reports.pdf import report_pdf

    tenant = ensure_tenant()
    with schema_context(tenant.schema_name):
        version = ensure_version()
        report_pdf(version=version)  # warm-up: WeasyPrint's fonts and caches
        timings = []
        for _ in range(N):
            started = time.perf_counter()
            content = report_pdf(version=version)
            timings.append(time.perf_counter() - started)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    days = version.snapshot["attendance"]["days_logged"]
    print(
        f"final summary PDF, six-month period ({days} logged days, "
        f"{len(version.snapshot['goals'])} goals, "
        f"{len(version.snapshot['indicator'][0]['dimensions'])} dimensions): "
        f"median {statistics.median(timings):.2f} s, slowest {max(timings):.2f} s "
        f"over {N} renders; {len(content) // 1024} kB, {pages} pages"
    )


if __name__ == "__main__":
    main()
