"""Committed competence data for the browser tests: a recognised unit, a mapped task, log days.

Built through the services on top of ``build_group``; the qualification is the repository's
2019-shape ePerusteet fixture, imported once into the public schema.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import connection

FIXTURE = (
    Path(__file__).resolve().parents[1] / "competence" / "fixtures" / "peruste-2019-shape.json"
)
EPERUSTEET_ID = 9100100
YARD_UNIT = 9100202
UNIT_NAME = "Osaamisen testiyksikkö"


def _qualification():
    from django_tenants.utils import get_public_schema_name, schema_context

    from competence.frameworks.eperusteet import parse_peruste_bytes
    from competence.frameworks.selectors import qualification_get_current
    from competence.frameworks.services import qualification_import

    with schema_context(get_public_schema_name()):
        qualification = qualification_get_current(EPERUSTEET_ID)
        if qualification is None:
            content = FIXTURE.read_bytes()
            qualification = qualification_import(
                parsed=parse_peruste_bytes(content),
                raw_sha256=hashlib.sha256(content).hexdigest(),
                source=str(FIXTURE),
            ).qualification
    return qualification


def _working_days(count: int) -> list[date]:
    from django.utils import timezone

    days: list[date] = []
    day = timezone.localdate() - timedelta(days=14)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def build_competence(tenant, group) -> list[int]:
    """Recognise a unit for the yard unit's requirements, map the first assigned task to two
    of them and log three days of that task for each trainee of ``group``; return the entry
    dates' count per period (three)."""
    from accounts.models import User
    from coaching import services as coaching
    from coaching.models import CoachingPeriod, DifficultyLevel, WorkTask, WorkUnit
    from coaching.services import DailyEntryInput, TaskDone
    from competence import services
    from competence.frameworks.models import Requirement, Unit
    from competence.models import LearningEnvironment

    qualification = _qualification()
    connection.set_tenant(tenant)
    try:
        admin = User.objects.filter(role="tenant_admin").order_by("pk").first()
        coach = User.objects.get(email=group.coach_email)
        unit, _ = WorkUnit.objects.get_or_create(name=UNIT_NAME)
        yard = Unit.objects.get(
            qualification=qualification, eperusteet_id=YARD_UNIT, superseded_in=None
        )
        if not LearningEnvironment.objects.filter(work_unit=unit).exists():
            services.learning_environment_recognise(
                actor=admin,
                qualification=qualification,
                work_unit=unit,
                units=[yard],
                recogniser_name="Riitta Tunnistaja",
                recogniser_title="Opettaja",
                recogniser_organisation="Riveria",
                recognised_on=date(2025, 1, 1),
            )
        task = WorkTask.objects.filter(retired_at__isnull=True).order_by("pk").first()
        assert task is not None
        if task.ordering_unit_id != unit.pk:
            task.ordering_unit = unit
            task.save(update_fields=["ordering_unit", "updated_at"])
        requirements = list(
            Requirement.objects.filter(unit=yard, superseded_in=None).order_by("position")[:2]
        )
        services.work_task_requirements_set(actor=admin, task=task, requirements=requirements)
        level = DifficultyLevel.objects.order_by("level").first()
        assert level is not None
        periods = CoachingPeriod.objects.filter(pk__in=group.period_ids)
        for day in _working_days(3):
            coaching.daily_log_record(
                actor=coach,
                date=day,
                coach=coach,
                entries=[
                    DailyEntryInput(
                        trainee_id=period.trainee_id,
                        attendance="present",
                        hours=Decimal(6),
                        tasks=[TaskDone(task.pk, level.pk)],
                    )
                    for period in periods
                ],
            )
        return [requirement.pk for requirement in requirements]
    finally:
        connection.set_schema_to_public()
