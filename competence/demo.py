"""Competence demo data: a recognised work unit, task mappings, ticks and one certificate.

Uses one real qualification (Puutarhatalouden perustutkinto) from the ePerusteet samples shipped
in ``competence/frameworks/samples`` (or ``$VALMO_EPERUSTEET_DIR`` when set). Without that
document the demo skips this part and prints why.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

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
    from competence.eperusteet import parse_peruste_bytes
    from competence.frameworks.samples import document_bytes
    from competence.frameworks.selectors import qualification_get_current
    from competence.frameworks.services import qualification_import

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


def _evidence_days(period, count: int) -> list[date]:
    """Weekdays on which the period was in coaching (and not in the future)."""
    from coaching.models import Phase

    transitions = list(period.transitions.order_by("at", "pk"))
    days: list[date] = []
    for index, transition in enumerate(transitions):
        if transition.to_phase != Phase.COACHING:
            continue
        begins = timezone.localdate(transition.at) + timedelta(days=1)
        following = transitions[index + 1] if index + 1 < len(transitions) else None
        ends = timezone.localdate(following.at) if following else timezone.localdate()
        day = begins
        while day <= min(ends, timezone.localdate()) and len(days) < count:
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
    return days


def competence_demo_ensure(*, admin, data_dir: Path | None = None) -> str:
    """Fill the current municipality's competence demo once; return what happened."""
    from coaching import services as coaching_services
    from coaching.models import CoachingPeriod, DifficultyLevel, Phase, WorkTask, WorkUnit
    from coaching.services import DailyEntryInput, TaskDone
    from competence import services
    from competence.frameworks.models import Requirement, Unit
    from competence.frameworks.samples import sample_path
    from competence.models import LearningEnvironment

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
    days = _evidence_days(period, 3)
    if len(days) < 3:
        return _skip("the ended demo period has too few coaching days in the past")

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
        recognised_on=days[0] - timedelta(days=60),
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

    level = DifficultyLevel.objects.order_by("level").first()
    entries = []
    for day in days:
        (entry,) = coaching_services.daily_log_record(
            actor=admin,
            date=day,
            coach=period.coach,
            entries=[
                DailyEntryInput(
                    trainee_id=period.trainee_id,
                    attendance="present",
                    hours=Decimal(6),
                    tasks=[TaskDone(task.pk, level.pk) for task in tasks],
                    learning_notes="Piha-alueiden hoito ja lumityöt sujuivat ohjeiden mukaan.",
                )
            ],
        )
        entries.append(entry)
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
        issued_on=period.ended_on or days[-1],
        additional_information="Osallistui aktiivisesti piha- ja talvitöihin.",
    )
    return "created"
