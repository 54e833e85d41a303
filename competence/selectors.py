"""Competence reads: where a trainee worked, suggestions, records and certificates.

"Where the trainee worked" is decided from the daily log (``docs/competence.md``): a present
daily entry took place in the ordering unit of each task done that day and, from the day the
period entered continued coaching, in the period's placement unit; a unit's site counts too.
A site recognition covers work in any unit of that site, a work-unit recognition only that unit.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tenants.utils import get_tenant_model

from coaching.models import (
    Attendance,
    CoachingPeriod,
    DailyEntry,
    DailyEntryTask,
    Phase,
    Site,
    WorkTask,
    WorkUnit,
)
from competence.frameworks.models import QualificationVersion, Requirement, Unit
from valmo.i18n import localized
from valmo.tenancy import current_schema_name

from .models import (
    CompetenceCertificate,
    CompetenceRecord,
    LearningEnvironment,
    RecognisedRequirement,
    WorkTaskRequirement,
)

SNAPSHOT_SCHEMA = 1

# --------------------------------------------------------------------------------------------
# Learning environments and task mappings
# --------------------------------------------------------------------------------------------


def learning_environment_list(
    *, site: Site | None = None, work_unit: WorkUnit | None = None
) -> QuerySet[LearningEnvironment]:
    """Recognitions, newest first, optionally of one site or work unit only."""
    queryset = LearningEnvironment.objects.select_related(
        "site", "work_unit__site", "qualification_version__qualification"
    )
    if site is not None:
        queryset = queryset.filter(site=site)
    if work_unit is not None:
        queryset = queryset.filter(work_unit=work_unit)
    return queryset


def learning_environment_requirement_list(
    *, environment: LearningEnvironment
) -> QuerySet[Requirement]:
    """The requirement rows a recognition names, in document order, with unit and group."""
    return (
        Requirement.objects.filter(
            pk__in=RecognisedRequirement.objects.filter(environment=environment).values(
                "requirement_id"
            )
        )
        .select_related("unit", "group")
        .order_by("unit__position", "unit_id", "group__position", "position", "pk")
    )


def work_task_requirement_list(*, task: WorkTask) -> QuerySet[Requirement]:
    """Requirements a catalogue task gives a chance to show."""
    return (
        Requirement.objects.filter(
            pk__in=WorkTaskRequirement.objects.filter(task=task).values("requirement_id")
        )
        .select_related("unit")
        .order_by("unit__position", "unit_id", "position", "pk")
    )


# --------------------------------------------------------------------------------------------
# Where the trainee worked
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Work units and sites where something happened; empty when the log does not say."""

    unit_ids: frozenset[int] = frozenset()
    site_ids: frozenset[int] = frozenset()

    def covered_by(self, environment: LearningEnvironment) -> bool:
        if environment.work_unit_id is not None:
            return environment.work_unit_id in self.unit_ids
        return environment.site_id in self.site_ids


def placement_start(period: CoachingPeriod) -> date | None:
    """The local day the period first entered continued coaching (its placement), if ever."""
    transitions = sorted(period.transitions.all(), key=lambda row: (row.at, row.pk))
    for transition in transitions:
        if transition.to_phase == Phase.CONTINUED_COACHING:
            return timezone.localdate(transition.at)
    return None


def daily_entries_with_places(entries: QuerySet[DailyEntry]) -> QuerySet[DailyEntry]:
    return entries.select_related("period__placement_unit").prefetch_related(
        Prefetch(
            "tasks_done",
            queryset=DailyEntryTask.objects.select_related("task__ordering_unit").order_by("pk"),
        ),
        "period__transitions",
    )


def _place(units: Iterable[WorkUnit | None]) -> Place:
    known = [unit for unit in units if unit is not None]
    return Place(
        unit_ids=frozenset(unit.pk for unit in known),
        site_ids=frozenset(unit.site_id for unit in known if unit.site_id is not None),
    )


def _placement_unit_on(entry: DailyEntry, starts: dict[int, date | None]) -> WorkUnit | None:
    period = entry.period
    if period.pk not in starts:
        starts[period.pk] = placement_start(period)
    start = starts[period.pk]
    if period.placement_unit_id is None or start is None or entry.date < start:
        return None
    return period.placement_unit


def entry_place(entry: DailyEntry, starts: dict[int, date | None] | None = None) -> Place:
    """Where a daily entry took place; absent days took place nowhere.

    ``starts`` caches placement start days per period across calls.
    """
    if entry.attendance != Attendance.PRESENT:
        return Place()
    starts = {} if starts is None else starts
    units = [done.task.ordering_unit for done in entry.tasks_done.all()]
    units.append(_placement_unit_on(entry, starts))
    return _place(units)


def learning_environment_list_for_period(*, period: CoachingPeriod) -> list[LearningEnvironment]:
    """Recognitions covering a place where the trainee worked on a present day of the period."""
    entries = daily_entries_with_places(
        DailyEntry.objects.filter(period=period, attendance=Attendance.PRESENT)
    )
    starts: dict[int, date | None] = {}
    places = [entry_place(entry, starts) for entry in entries]
    return [
        environment
        for environment in learning_environment_list()
        if any(place.covered_by(environment) for place in places)
    ]


# --------------------------------------------------------------------------------------------
# Suggestions: requirements a day's tasks can evidence
# --------------------------------------------------------------------------------------------


@dataclass
class RequirementSuggestion:
    """A requirement the logged tasks can evidence in a recognised environment."""

    requirement: Requirement
    environments: list[LearningEnvironment]
    tasks: list[WorkTask]
    entries: list[DailyEntry]
    reached: bool


def requirement_suggestion_list(
    *, entry: DailyEntry | None = None, period: CoachingPeriod | None = None
) -> list[RequirementSuggestion]:
    """Requirements suggested by the tasks of one entry, or of every present day of a period.

    A task suggests the requirements it is mapped to, but only those named by a recognition
    that covers where the task was done (its ordering unit, or the placement unit during the
    placement). ``reached`` tells whether the period already has the tick.
    """
    if (entry is None) == (period is None):
        raise TypeError("Pass exactly one of entry or period.")
    if entry is not None:
        entries = DailyEntry.objects.filter(pk=entry.pk)
        period_id = entry.period_id
    else:
        assert period is not None  # exactly one of the two, checked above
        entries = DailyEntry.objects.filter(period=period)
        period_id = period.pk
    present = list(daily_entries_with_places(entries.filter(attendance=Attendance.PRESENT)))
    task_ids = {done.task_id for row in present for done in row.tasks_done.all()}
    mapped: dict[int, set[int]] = defaultdict(set)
    for task_id, requirement_id in WorkTaskRequirement.objects.filter(
        task_id__in=task_ids
    ).values_list("task_id", "requirement_id"):
        mapped[task_id].add(requirement_id)
    if not mapped:
        return []
    environments = list(learning_environment_list())
    recognised: dict[int, set[int]] = defaultdict(set)
    for environment_id, requirement_id in RecognisedRequirement.objects.filter(
        requirement_id__in={rid for rids in mapped.values() for rid in rids}
    ).values_list("environment_id", "requirement_id"):
        recognised[environment_id].add(requirement_id)

    # requirement id -> (environments, tasks, entries), each in first-seen order
    found: dict[int, tuple[dict[int, Any], dict[int, Any], dict[int, Any]]] = {}
    starts: dict[int, date | None] = {}
    for row in present:
        placement = _placement_unit_on(row, starts)
        for done in row.tasks_done.all():
            place = _place([done.task.ordering_unit, placement])
            for environment in environments:
                if not place.covered_by(environment):
                    continue
                for requirement_id in mapped[done.task_id] & recognised[environment.pk]:
                    seen = found.setdefault(requirement_id, ({}, {}, {}))
                    seen[0].setdefault(environment.pk, environment)
                    seen[1].setdefault(done.task_id, done.task)
                    seen[2].setdefault(row.pk, row)
    if not found:
        return []
    requirements = Requirement.objects.select_related("unit", "group").in_bulk(found)
    reached = set(
        CompetenceRecord.objects.filter(
            period_id=period_id, requirement_id__in=found, reached=True
        ).values_list("requirement_id", flat=True)
    )
    result = [
        RequirementSuggestion(
            requirement=requirements[requirement_id],
            environments=list(seen[0].values()),
            tasks=list(seen[1].values()),
            entries=list(seen[2].values()),
            reached=requirement_id in reached,
        )
        for requirement_id, seen in found.items()
    ]
    result.sort(
        key=lambda s: (s.requirement.unit.position, s.requirement.unit_id, s.requirement.position)
    )
    return result


# --------------------------------------------------------------------------------------------
# Competence records
# --------------------------------------------------------------------------------------------


def competence_record_list(
    *, period: CoachingPeriod, reached_only: bool = False
) -> QuerySet[CompetenceRecord]:
    """The period's records with requirement, unit, environment and evidence entries."""
    queryset = _record_rows(CompetenceRecord.objects.filter(period=period))
    if reached_only:
        queryset = queryset.filter(reached=True)
    return queryset.order_by(
        "requirement__unit__position", "requirement__unit_id", "requirement__position", "pk"
    )


def competence_record_detail_list() -> QuerySet[CompetenceRecord]:
    """Every record with what its representation needs (for reads by id, scoped by the caller)."""
    return _record_rows(CompetenceRecord.objects.all())


def _record_rows(queryset: QuerySet[CompetenceRecord]) -> QuerySet[CompetenceRecord]:
    return queryset.select_related(
        "requirement__unit__qualification",
        "requirement__group",
        "environment__site",
        "environment__work_unit__site",
        "environment__qualification_version__qualification",
        "coach",
    ).prefetch_related(Prefetch("evidence", queryset=DailyEntry.objects.order_by("date")))


def competence_record_unacknowledged_list(*, period: CoachingPeriod) -> list[CompetenceRecord]:
    """Records the trainee has not seen as they are now (never, or changed since)."""
    return [row for row in competence_record_list(period=period) if not row.is_acknowledged]


# --------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------


def canonical_json(snapshot: dict[str, Any]) -> bytes:
    """The bytes the content hash is taken of: sorted keys, no spaces, UTF-8."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def competence_certificate_list(*, period: CoachingPeriod) -> QuerySet[CompetenceCertificate]:
    """Every issued version of the period's certificate, oldest first."""
    return CompetenceCertificate.objects.filter(period=period).order_by("version")


def competence_certificate_current(*, period: CoachingPeriod) -> CompetenceCertificate | None:
    """The latest version (the one no correction supersedes), if any was issued."""
    return CompetenceCertificate.objects.filter(period=period).order_by("-version").first()


def competence_certificate_hash_matches(*, certificate: CompetenceCertificate) -> bool:
    """Recompute the stored snapshot's hash: False means the stored content was altered."""
    return snapshot_hash(certificate.snapshot) == certificate.content_hash


def competence_certificate_find_by_hash(*, content_hash: str) -> CompetenceCertificate | None:
    """Verify a presented hash: the certificate it belongs to, if its content still matches."""
    certificate: CompetenceCertificate | None = (
        CompetenceCertificate.objects.filter(content_hash=content_hash.strip().lower())
        .select_related("period__trainee")
        .first()
    )
    if certificate is None or not competence_certificate_hash_matches(certificate=certificate):
        return None
    return certificate


def _metadata_name(version: QualificationVersion, language: str) -> str:
    metadata = version.metadata or {}
    for code in (language, "fi", "sv", "en"):
        if metadata.get(f"name_{code}"):
            name: str = metadata[f"name_{code}"]
            return name
    return version.qualification.display_name


def _points(unit: Unit) -> str | None:
    if unit.competence_points is None:
        return None
    return format(unit.competence_points.normalize(), "f")


def _organisation() -> dict[str, str]:
    municipality = get_tenant_model().objects.filter(schema_name=current_schema_name()).first()
    if municipality is None:
        return {"name": "", "business_id": ""}
    return {"name": municipality.name, "business_id": municipality.business_id}


def _environment_json(environment: LearningEnvironment) -> dict[str, Any]:
    unit = environment.work_unit
    site = environment.site or (unit.site if unit is not None else None)
    return {
        "site": site.name if site else None,
        "site_address": site.address if site else None,
        "work_unit": unit.name if unit else None,
        "recognised_on": environment.recognised_on.isoformat(),
        "recogniser": {
            "name": environment.recogniser_name,
            "title": environment.recogniser_title,
            "organisation": environment.recogniser_organisation,
        },
        "report_url": environment.report_url,
    }


def _qualifications_json(
    records: Sequence[CompetenceRecord], language: str
) -> list[dict[str, Any]]:
    # Grouped by the qualification version each record was recognised against, so two
    # versions of one qualification appear separately with their own register number.
    by_version: dict[int, list[CompetenceRecord]] = defaultdict(list)
    versions: dict[int, QualificationVersion] = {}
    for record in records:
        version = record.environment.qualification_version
        versions[version.pk] = version
        by_version[version.pk].append(record)
    result = []
    for version_id, rows in sorted(
        by_version.items(),
        key=lambda item: (versions[item[0]].qualification.name_fi, versions[item[0]].sequence),
    ):
        version = versions[version_id]
        qualification = version.qualification
        units: dict[int, dict[str, Any]] = {}
        unit_rows: dict[int, Unit] = {}
        for record in sorted(
            rows,
            key=lambda r: (
                r.requirement.unit.position,
                r.requirement.unit_id,
                r.requirement.group.position,
                r.requirement.position,
                r.requirement_id,
            ),
        ):
            requirement = record.requirement
            unit = requirement.unit
            unit_rows[unit.pk] = unit
            unit_json = units.setdefault(
                unit.pk,
                {
                    "code": unit.code,
                    "name": localized(unit, "name", language),
                    "competence_points": _points(unit),
                    "groups": [],
                },
            )
            groups = unit_json["groups"]
            if not groups or groups[-1]["key"] != requirement.group.key:
                groups.append(
                    {
                        "key": requirement.group.key,
                        "heading": localized(requirement.group, "heading", language),
                        "requirements": [],
                    }
                )
            groups[-1]["requirements"].append(
                {
                    "code": requirement.code,
                    "text": localized(requirement, "text", language),
                    "reached_on": record.reached_on.isoformat(),
                    "additional_information": record.additional_information,
                }
            )
        result.append(
            {
                "eperusteet_id": qualification.eperusteet_id,
                "name": _metadata_name(version, language),
                "diaarinumero": (version.metadata or {}).get("diaarinumero")
                or qualification.diaarinumero,
                "version": {
                    "sequence": version.sequence,
                    "timestamp": version.version_timestamp,
                    "at": version.version_at.isoformat() if version.version_at else None,
                },
                "units": list(units.values()),
            }
        )
    return result


def certificate_statement(language: str) -> str:
    """The "not a formal qualification" statement, in the certificate's language."""
    with translation.override(language):
        return gettext(
            "This certificate describes competence shown in work in a recognised learning "
            "environment, compared with the national qualification requirements. It is not a "
            "qualification, a part of one, or an assessment by an education provider."
        )


def competence_certificate_preview(
    *,
    period: CoachingPeriod,
    language: str,
    signers: Sequence[dict[str, str]],
    issued_on: date,
    additional_information: str = "",
    version: int = 1,
    supersedes: CompetenceCertificate | None = None,
    correction_reason: str = "",
) -> dict[str, Any]:
    """Build the snapshot issuing would freeze: everything the PDF needs, in ``language``."""
    records = list(competence_record_list(period=period, reached_only=True))
    environments: dict[int, LearningEnvironment] = {}
    for record in sorted(records, key=lambda r: (r.environment.recognised_on, r.environment_id)):
        environments.setdefault(record.environment_id, record.environment)
    environment_json = [_environment_json(row) for row in environments.values()]
    sites = []
    for row in environment_json:
        if row["site"] and {"name": row["site"], "address": row["site_address"]} not in sites:
            sites.append({"name": row["site"], "address": row["site_address"]})
    trainee = period.trainee
    return {
        "schema": SNAPSHOT_SCHEMA,
        "kind": "competence_certificate",
        "language": language,
        "version": version,
        "supersedes": (
            {"version": supersedes.version, "content_hash": supersedes.content_hash}
            if supersedes is not None
            else None
        ),
        "correction_reason": correction_reason,
        "issued_on": issued_on.isoformat(),
        "trainee": {
            "first_name": trainee.first_name,
            "last_name": trainee.last_name,
            "date_of_birth": (trainee.date_of_birth.isoformat() if trainee.date_of_birth else None),
        },
        "organisation": _organisation(),
        "sites": sites,
        "learning_environments": environment_json,
        "period": {
            "start_on": period.start_on.isoformat(),
            "ended_on": period.ended_on.isoformat() if period.ended_on else None,
        },
        "qualifications": _qualifications_json(records, language),
        "additional_information": additional_information,
        "signers": [dict(signer) for signer in signers],
        "statement": certificate_statement(language),
    }


def competence_certificate_detail_list() -> QuerySet[CompetenceCertificate]:
    """Certificates with their period (for reads by id, scoped by the caller)."""
    return CompetenceCertificate.objects.select_related("period")
