"""Fixtures for competence tests: coaching builders plus a small imported qualification.

The qualification is the repository's 2019-shape ePerusteet fixture, imported through the real
``qualification_import`` service into the public schema (rolled back with each test).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.coaching import conftest as coaching_fixtures

# The coaching builders (staff, work unit, trainees, statuses, periods walked to a phase).
staff = coaching_fixtures.staff
work_unit = coaching_fixtures.work_unit
make_trainee = coaching_fixtures.make_trainee
status = coaching_fixtures.status
make_period = coaching_fixtures.make_period

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PERUSTE_2019 = FIXTURES / "peruste-2019-shape.json"
START = coaching_fixtures.START  # 2026-03-02; periods reach "coaching" on that day
DAY1, DAY2, DAY3 = date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)


def peruste_data() -> dict[str, Any]:
    return json.loads(PERUSTE_2019.read_text(encoding="utf-8"))


def import_peruste(data: dict[str, Any]):
    """Import a peruste document through the real parser and service."""
    from competence.frameworks.eperusteet import parse_peruste_bytes
    from competence.frameworks.services import qualification_import

    content = json.dumps(data, ensure_ascii=False).encode()
    return qualification_import(
        parsed=parse_peruste_bytes(content),
        raw_sha256=hashlib.sha256(content).hexdigest(),
        source="tests/competence/fixtures/peruste-2019-shape.json",
    )


def newer_version(data: dict[str, Any], *, yard_text: str) -> dict[str, Any]:
    """The same peruste one minute later, with requirement a9201 reworded."""
    data = copy.deepcopy(data)
    data["globalVersion"]["aikaleima"] += 60_000
    data["muokattu"] += 60_000
    yard = next(unit for unit in data["tutkinnonOsat"] if unit["id"] == 9100202)
    first = yard["ammattitaitovaatimukset2019"]["kohdealueet"][0]["vaatimukset"][0]
    first["vaatimus"]["fi"] = yard_text
    return data


@dataclass
class Peruste:
    """The imported fixture qualification and handles on its rows."""

    qualification: Any
    version: Any

    def unit(self, eperusteet_id: int):
        from competence.frameworks.models import Unit

        return Unit.objects.get(
            qualification=self.qualification, eperusteet_id=eperusteet_id, superseded_in=None
        )

    def requirement(self, code: str):
        """The current row; ``a9201`` stands for the code ``ammattitaitovaatimukset_a9201``."""
        from competence.frameworks.models import Requirement

        return Requirement.objects.get(
            unit__qualification=self.qualification,
            code__in=[code, f"ammattitaitovaatimukset_{code}"],
            superseded_in=None,
        )


@pytest.fixture
def peruste(tenant_a) -> Peruste:
    result = import_peruste(peruste_data())
    return Peruste(qualification=result.qualification, version=result.version)


@pytest.fixture
def site(tenant_a):
    from coaching.models import Site

    return Site.objects.create(name="Testitoimipiste", address="Testikatu 1")


@pytest.fixture
def yard_unit(site, staff):
    """A work unit at ``site`` that orders the yard task."""
    from coaching.models import WorkUnit

    return WorkUnit.objects.create(name="Piha-yksikkö", site=site, supervisor=staff.supervisor)


@dataclass
class Tasks:
    yard: Any  # ordered by ``yard_unit`` (at ``site``)
    snow: Any  # ordered by ``work_unit`` (no site)
    dishes: Any  # no ordering unit: the log cannot say where it was done
    level: Any


@pytest.fixture
def tasks(tenant_a, yard_unit, work_unit) -> Tasks:
    from coaching.models import DifficultyLevel, WorkTask

    def task(name: str, unit):
        row = WorkTask.objects.get(name=name)
        row.ordering_unit = unit
        row.save(update_fields=["ordering_unit"])
        return row

    return Tasks(
        yard=task("Piha-alueiden siistiminen", yard_unit),
        snow=task("Lumityöt", work_unit),
        dishes=task("Astiahuolto", None),
        level=DifficultyLevel.objects.get(level=1),
    )


@pytest.fixture
def log_day(staff, tasks):
    """Record one trainee's day through the daily-log service and return the entry."""
    from coaching import services
    from coaching.services import DailyEntryInput, TaskDone

    def log(period, day: date, *task_rows, attendance: str = "present"):
        present = attendance == "present"
        (entry,) = services.daily_log_record(
            actor=staff.coach,
            date=day,
            coach=period.coach,
            entries=[
                DailyEntryInput(
                    trainee_id=period.trainee_id,
                    attendance=attendance,
                    hours=Decimal(6) if present else Decimal(0),
                    tasks=[TaskDone(row.pk, tasks.level.pk) for row in task_rows],
                )
            ],
        )
        return entry

    return log


@pytest.fixture
def recognise(staff, peruste):
    """Recognise a place for the fixture qualification with an external recogniser."""
    from competence import services

    def make(*, site=None, work_unit=None, units=(), requirements=(), **extra):
        arguments = {
            "recogniser_name": "Riitta Tunnistaja",
            "recogniser_title": "Opettaja",
            "recogniser_organisation": "Riveria",
            "recognised_on": date(2026, 2, 1),
            **extra,
        }
        return services.learning_environment_recognise(
            actor=staff.admin,
            qualification=peruste.qualification,
            site=site,
            work_unit=work_unit,
            units=units,
            requirements=requirements,
            **arguments,
        )

    return make
