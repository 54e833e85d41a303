"""The trainee's competence page: requirements by unit, their ticks and evidence days.

Read in a fixed number of queries whatever the length of the daily log, so the page costs
the same for a week and for six months. Which days may evidence a requirement follows the
tick's own rule (``competence.services``): a present day in a place covered by a recognition
naming the requirement. A day is *suggested* when a task mapped to the requirement was done
there (``requirement_suggestion_list``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coaching.models import Attendance, CoachingPeriod, DailyEntry
from competence.frameworks.models import Requirement, Unit
from valmo.i18n import localized

from .models import (
    CompetenceCertificate,
    CompetenceRecord,
    LearningEnvironment,
    RecognisedRequirement,
)
from .selectors import (
    competence_record_list,
    daily_entries_with_places,
    entry_place,
    learning_environment_list,
    requirement_suggestion_list,
)


@dataclass
class EvidenceDay:
    """A day that can evidence a requirement; ``suggested`` when a mapped task was done."""

    entry: DailyEntry
    suggested: bool
    task_names: list[str]


@dataclass
class RequirementRow:
    requirement: Requirement
    record: CompetenceRecord | None
    days: list[EvidenceDay]

    @property
    def text(self) -> str:
        """The requirement in the active language (falling back as ePerusteet allows)."""
        return localized(self.requirement, "text")

    @property
    def reached(self) -> bool:
        return self.record is not None and self.record.reached

    @property
    def suggested_days(self) -> list[EvidenceDay]:
        return [day for day in self.days if day.suggested]

    @property
    def other_days(self) -> list[EvidenceDay]:
        return [day for day in self.days if not day.suggested]


@dataclass
class UnitRows:
    unit: Unit
    requirements: list[RequirementRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return localized(self.unit, "name")


@dataclass
class CompetencePage:
    period: CoachingPeriod
    environments: list[LearningEnvironment]
    units: list[UnitRows]
    records: list[CompetenceRecord]
    certificates: list[CompetenceCertificate]

    @property
    def unacknowledged(self) -> list[CompetenceRecord]:
        return [record for record in self.records if not record.is_acknowledged]

    @property
    def reached_count(self) -> int:
        return sum(1 for record in self.records if record.reached)

    @property
    def current_certificate(self) -> CompetenceCertificate | None:
        return self.certificates[-1] if self.certificates else None

    def row(self, requirement_id: int) -> RequirementRow | None:
        for unit in self.units:
            for row in unit.requirements:
                if row.requirement.pk == requirement_id:
                    return row
        return None


def competence_page_get(*, period: CoachingPeriod) -> CompetencePage:
    """Everything the competence page shows for one period, in constant queries."""
    entries = list(
        daily_entries_with_places(
            DailyEntry.objects.filter(period=period, attendance=Attendance.PRESENT)
        ).order_by("-date")
    )
    starts: dict[int, date | None] = {}
    places = {entry.pk: entry_place(entry, starts) for entry in entries}
    environments = [
        environment
        for environment in learning_environment_list()
        if any(place.covered_by(environment) for place in places.values())
    ]
    by_requirement: dict[int, list[LearningEnvironment]] = {}
    known = {environment.pk: environment for environment in environments}
    for environment_id, requirement_id in RecognisedRequirement.objects.filter(
        environment_id__in=known
    ).values_list("environment_id", "requirement_id"):
        by_requirement.setdefault(requirement_id, []).append(known[environment_id])
    records = list(competence_record_list(period=period))
    record_of = {record.requirement_id: record for record in records}
    suggested = {
        suggestion.requirement.pk: {entry.pk for entry in suggestion.entries}
        for suggestion in requirement_suggestion_list(period=period)
    }
    requirements = (
        Requirement.objects.filter(pk__in=set(by_requirement) | set(record_of))
        .select_related("unit__qualification", "group")
        .order_by("unit__position", "unit_id", "group__position", "position", "pk")
    )
    units: dict[int, UnitRows] = {}
    for requirement in requirements:
        recognising = by_requirement.get(requirement.pk, [])
        chosen = suggested.get(requirement.pk, set())
        days = [
            EvidenceDay(
                entry=entry,
                suggested=entry.pk in chosen,
                task_names=[done.task.name for done in entry.tasks_done.all()],
            )
            for entry in entries
            if any(places[entry.pk].covered_by(environment) for environment in recognising)
        ]
        units.setdefault(requirement.unit_id, UnitRows(unit=requirement.unit)).requirements.append(
            RequirementRow(requirement=requirement, record=record_of.get(requirement.pk), days=days)
        )
    certificates = list(
        CompetenceCertificate.objects.filter(period=period)
        .select_related("issued_by")
        .order_by("version")
    )
    return CompetencePage(
        period=period,
        environments=environments,
        units=list(units.values()),
        records=records,
        certificates=certificates,
    )
