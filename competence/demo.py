"""Competence demo data: a recognised work unit, task mappings, ticks and one certificate.

The ticks take their evidence from the ended demo period's daily log, which ``onboarding.demo``
records first, inside the legal frames. Uses one real qualification (Puutarhatalouden
perustutkinto) from the ePerusteet samples shipped in ``competence/frameworks/samples`` (or
``$VALMO_EPERUSTEET_DIR`` when set). Without that document the demo skips this part and prints why.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import timedelta
from pathlib import Path

from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from coaching.models import (
    Attendance,
    CoachingPeriod,
    DailyEntry,
    Phase,
    WorkTask,
    WorkUnit,
)
from competence import services
from competence.frameworks.eperusteet import parse_peruste_bytes
from competence.frameworks.models import Requirement, Unit
from competence.frameworks.samples import document_bytes, sample_path
from competence.frameworks.selectors import qualification_get_current
from competence.frameworks.services import qualification_import
from competence.models import LearningEnvironment

DEMO_FILE = "rakenne-puutarhatalouden-perustutkinto.json"
DEMO_EPERUSTEET_ID = 1721199
DEMO_UNIT_NAME = "Kiinteistöpalvelut"
# ePerusteet unit ids recognised in the demo unit: green-area maintenance, horticultural work.
DEMO_UNITS = (135050, 133968)
# Catalogue task -> requirement codes it gives a chance to show.
DEMO_MAPPING = {
    "Piha-alueiden siistiminen": ("135050-1-9", "135050-1-17", "133968-1-6"),
    "Lumityöt": ("135050-1-11", "135050-1-17", "133968-1-13"),
}
DEMO_TICKS = ("135050-1-9", "135050-1-17", "133968-1-6")


def _skip(reason: str) -> str:
    print(f"Competence demo skipped: {reason}", file=sys.stderr)  # noqa: T201 - demo feedback
    return reason


def _demo_qualification(path: Path):

    with schema_context(get_public_schema_name()):  # shared rows live in public
        qualification = qualification_get_current(DEMO_EPERUSTEET_ID)
        if qualification is None:
            content = document_bytes(path)
            qualification = qualification_import(
                parsed=parse_peruste_bytes(content),
                raw_sha256=hashlib.sha256(content).hexdigest(),
                source=str(path),
            ).qualification
    return qualification


def _evidence_entries(period, task_names, count: int) -> list:
    """``count`` present daily-log days of the period with one of the tasks, spread over it."""

    entries = list(
        DailyEntry.objects.filter(
            period=period,
            attendance=Attendance.PRESENT,
            tasks_done__task__name__in=task_names,
        )
        .distinct()
        .order_by("date")
    )
    if len(entries) <= count:
        return entries
    step = (len(entries) - 1) / (count - 1)
    return [entries[round(index * step)] for index in range(count)]


def competence_demo_ensure(*, admin, data_dir: Path | None = None) -> str:
    """Fill the current municipality's competence demo once; return what happened."""

    if LearningEnvironment.objects.exists():
        return "exists"
    path = sample_path(DEMO_FILE, data_dir)
    if not path.is_file():
        return _skip(f"{path} not found (VALMO_EPERUSTEET_DIR names a folder without it)")
    unit = WorkUnit.objects.filter(name=DEMO_UNIT_NAME).first()
    period = (
        CoachingPeriod.objects.filter(phase=Phase.ENDED).select_related("trainee", "coach").first()
    )
    if unit is None or period is None:
        return _skip(f"no work unit {DEMO_UNIT_NAME!r} or no ended demo period")
    entries = _evidence_entries(period, list(DEMO_MAPPING), 3)
    if len(entries) < 3:
        return _skip("the ended demo period has too few daily-log days with the demo tasks")

    qualification = _demo_qualification(path)
    current = Unit.objects.filter(
        qualification=qualification, eperusteet_id__in=DEMO_UNITS, superseded_in=None
    )
    environment = services.learning_environment_recognise(
        actor=admin,
        qualification=qualification,
        work_unit=unit,
        units=list(current),
        recogniser_name="Riitta Rinne",
        recogniser_title="Opettaja",
        recogniser_organisation="Ammattiopisto Riveria",
        recognised_on=entries[0].date - timedelta(days=60),
        report_url="https://www.paikko.fi/oppimisymparistot/",
        description="Kiinteistöjen piha-alueiden hoito ja talvikunnossapito ympäri vuoden.",
    )

    def requirements(codes) -> list[Requirement]:
        rows = Requirement.objects.filter(
            unit__in=current, code__in=codes, superseded_in=None
        ).order_by("unit__position", "position")
        return list(rows)

    tasks = []
    for name, codes in DEMO_MAPPING.items():
        task = WorkTask.objects.filter(name=name).first()
        if task is None:
            continue
        if task.ordering_unit_id is None:
            # Demo catalogue tasks carry no ordering unit; the unit orders this work here.
            task.ordering_unit = unit
            task.save(update_fields=["ordering_unit", "updated_at"])
        services.work_task_requirements_set(
            actor=admin, task=task, requirements=requirements(codes)
        )
        tasks.append(task)
    if not tasks:
        return _skip("the demo catalogue tasks are missing")

    for code in DEMO_TICKS:
        (requirement,) = requirements([code])
        services.competence_record_tick(
            actor=admin,
            period=period,
            requirement=requirement,
            evidence=entries,
            environment=environment,
            additional_information=(
                "Toimi itsenäisesti ja huolellisesti." if code == DEMO_TICKS[0] else ""
            ),
        )
    municipality = get_tenant_model().objects.get(schema_name=connection.schema_name)
    coach = period.coach
    services.competence_certificate_issue(
        actor=admin,
        period=period,
        signers=[
            services.Signer(
                name=coach.get_full_name() or coach.email,
                title="Työvalmentaja",
                organisation=municipality.name,
            )
        ],
        language="fi",
        issued_on=period.ended_on or entries[-1].date,
        additional_information="Osallistui aktiivisesti piha- ja talvitöihin.",
    )
    return "created"
