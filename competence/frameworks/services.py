"""Writes for qualification frameworks: importing parsed ePerusteet documents.

The importer compares the parsed document with the stored current rows and writes only the
difference. Rows are never deleted and their content is never rewritten: a changed item gets a
new row and the old row is marked superseded (``superseded_in``/``superseded_at`` and, when
there is a replacement, ``superseded_by``), so references to old rows keep their meaning.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from competence.frameworks.eperusteet import (
    LocalizedText,
    ParsedAssessmentTarget,
    ParsedCompetenceArea,
    ParsedQualification,
    ParsedRequirement,
    ParsedRequirementGroup,
    ParsedTitle,
    ParsedUnit,
)

from .models import (
    CURRENT,
    CompetenceArea,
    Qualification,
    QualificationVersion,
    Requirement,
    RequirementGroup,
    Title,
    Unit,
)

__all__ = ["ImportCounts", "ImportResult", "ImportStatus", "qualification_import"]

_CENT = Decimal("0.01")


class ImportStatus(enum.StrEnum):
    CREATED = "created"  # first import of this ePerusteet id
    UPDATED = "updated"  # a newer version was stored
    UNCHANGED = "unchanged"  # the stored current version already is this document
    OLDER = "older"  # the stored version is newer; nothing was written


@dataclass(frozen=True)
class ImportCounts:
    """Rows created, superseded and kept as they were, for one kind of item."""

    created: int = 0
    superseded: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "superseded": self.superseded, "unchanged": self.unchanged}


@dataclass(frozen=True)
class ImportResult:
    """What :func:`qualification_import` did; ``version`` is the stored version afterwards."""

    status: ImportStatus
    qualification: Qualification
    version: QualificationVersion
    units: ImportCounts
    requirement_groups: ImportCounts
    requirements: ImportCounts
    competence_areas: ImportCounts
    titles: ImportCounts
    skipped: tuple[tuple[int, str], ...]


# --------------------------------------------------------------------------------------------
# Field values derived from the parser's dataclasses. Two rows mean the same thing exactly when
# these values are equal; everything else on a row is bookkeeping.
# --------------------------------------------------------------------------------------------


def _texts(prefix: str, texts: LocalizedText) -> dict[str, str]:
    return {f"{prefix}_{language}": texts.get(language, "") for language in ("fi", "sv", "en")}


def _points(value: Decimal | None) -> Decimal | None:
    # Stored with two decimals; quantising here keeps the comparison with stored rows stable.
    return None if value is None else value.quantize(_CENT)


def _header_values(parsed: ParsedQualification) -> dict[str, Any]:
    return {
        **_texts("name", parsed.names),
        "diaarinumero": parsed.diaarinumero or "",
        "qualification_type": parsed.qualification_type or "",
        "education_codes": list(parsed.education_codes),
        "completion_modes": list(parsed.completion_modes),
        "valid_from": parsed.valid_from,
        "valid_until": parsed.valid_until,
        "transition_ends": parsed.transition_ends,
    }


def _metadata(parsed: ParsedQualification) -> dict[str, Any]:
    values = _header_values(parsed)
    for key in ("valid_from", "valid_until", "transition_ends"):
        values[key] = values[key].isoformat() if values[key] is not None else None
    return {"eperusteet_id": parsed.eperusteet_id, **values}


def _area_values(area: ParsedCompetenceArea) -> dict[str, Any]:
    return {"code": area.code, "uri": area.uri or "", **_texts("name", area.names)}


def _title_values(title: ParsedTitle) -> dict[str, Any]:
    return {
        "code": title.code,
        "uri": title.uri or "",
        "competence_area_uri": title.competence_area_uri or "",
        **_texts("name", title.names),
    }


def _assessment_json(target: ParsedAssessmentTarget) -> dict[str, Any]:
    return {
        "area": dict(target.area),
        "target": dict(target.target),
        "level": target.level,
        "criteria": [dict(criterion) for criterion in target.criteria],
    }


def _unit_values(unit: ParsedUnit) -> dict[str, Any]:
    return {
        "eperusteet_id": unit.eperusteet_id,
        "code": unit.code or "",
        **_texts("name", unit.names),
        "unit_type": unit.unit_type or "",
        "competence_points": _points(unit.competence_points),
        "competence_points_max": _points(unit.competence_points_max),
        "compulsory": unit.compulsory,
        "competence_area_codes": list(unit.competence_areas),
        "assessment": [_assessment_json(target) for target in unit.assessment],
    }


def _group_values(group: ParsedRequirementGroup) -> dict[str, Any]:
    return {
        "key": group.key,
        "shape": group.shape,
        **_texts("heading", group.heading),
        **_texts("notes", group.notes),
    }


def _requirement_values(requirement: ParsedRequirement) -> dict[str, Any]:
    return {
        "code": requirement.code,
        "parent_code": requirement.parent_code or "",
        **_texts("text", requirement.texts),
        "compulsory": requirement.compulsory,
    }


def _same(row: models.Model, values: dict[str, Any]) -> bool:
    return all(getattr(row, name) == value for name, value in values.items())


# --------------------------------------------------------------------------------------------
# The plan: what would change, computed before anything is written.
# --------------------------------------------------------------------------------------------


@dataclass
class _Changes:
    """Planned changes of one model: new rows, replaced and removed old rows, moved rows."""

    created: list[Any] = field(default_factory=list)
    replaced: list[tuple[Any, Any]] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    moved: list[Any] = field(default_factory=list)
    unchanged: int = 0

    def reconcile(
        self,
        old_rows: dict[Hashable, Any],
        key: Hashable,
        values: dict[str, Any],
        position: int,
        make: Callable[..., Any],
        *,
        parent_kept: bool = True,
    ) -> tuple[Any, bool]:
        """Keep the old row if it means the same under the same parent, else plan a new one."""
        old = old_rows.pop(key, None)
        if old is not None and parent_kept and _same(old, values):
            self.unchanged += 1
            if old.position != position:
                old.position = position
                self.moved.append(old)
            return old, True
        new = make(**values, position=position)
        self.created.append(new)
        if old is not None:
            self.replaced.append((old, new))
        return new, False

    def remove(self, rows: Iterable[Any]) -> None:
        self.removed.extend(rows)

    @property
    def any(self) -> bool:
        return bool(self.created or self.removed or self.moved)

    def counts(self) -> ImportCounts:
        return ImportCounts(
            created=len(self.created),
            superseded=len(self.replaced) + len(self.removed),
            unchanged=self.unchanged,
        )


@dataclass
class _Plan:
    areas: _Changes = field(default_factory=_Changes)
    titles: _Changes = field(default_factory=_Changes)
    units: _Changes = field(default_factory=_Changes)
    groups: _Changes = field(default_factory=_Changes)
    requirements: _Changes = field(default_factory=_Changes)

    def in_write_order(self) -> list[tuple[type[models.Model], _Changes]]:
        return [
            (CompetenceArea, self.areas),
            (Title, self.titles),
            (Unit, self.units),
            (RequirementGroup, self.groups),
            (Requirement, self.requirements),
        ]

    @property
    def any(self) -> bool:
        return any(changes.any for _, changes in self.in_write_order())


def _match_units(
    parsed_units: Iterable[ParsedUnit], old_units: list[Unit]
) -> tuple[dict[int, Unit], list[Unit]]:
    """Pair parsed units with current rows by ePerusteet id, then by a still-unambiguous code.

    Returns the pairs keyed by the parsed unit's id and the old rows left without a pair.
    """
    parsed_units = list(parsed_units)
    unpaired = {unit.eperusteet_id: unit for unit in old_units}
    pairs: dict[int, Unit] = {}
    for unit in parsed_units:
        if unit.eperusteet_id in unpaired:
            pairs[unit.eperusteet_id] = unpaired.pop(unit.eperusteet_id)
    by_code: dict[str, list[Unit]] = defaultdict(list)
    for row in unpaired.values():
        if row.code:
            by_code[row.code].append(row)
    for unit in parsed_units:
        candidates = by_code.get(unit.code or "", [])
        if unit.eperusteet_id not in pairs and len(candidates) == 1:
            row = candidates.pop()
            pairs[unit.eperusteet_id] = row
            del unpaired[row.eperusteet_id]
    return pairs, list(unpaired.values())


def _plan(qualification: Qualification | None, parsed: ParsedQualification) -> _Plan:
    plan = _Plan()
    old_areas: dict[Hashable, CompetenceArea] = {}
    old_titles: dict[Hashable, Title] = {}
    old_units: list[Unit] = []
    old_groups: dict[int, dict[Hashable, RequirementGroup]] = defaultdict(dict)
    old_requirements: dict[int, dict[Hashable, Requirement]] = defaultdict(dict)
    if qualification is not None:
        old_areas = {row.code: row for row in qualification.competence_areas.filter(CURRENT)}
        old_titles = {
            (row.code, row.competence_area_uri): row for row in qualification.titles.filter(CURRENT)
        }
        old_units = list(qualification.units.filter(CURRENT))
        for group in RequirementGroup.objects.filter(CURRENT, unit__qualification=qualification):
            old_groups[group.unit_id][group.key] = group
        for requirement in Requirement.objects.filter(CURRENT, unit__qualification=qualification):
            old_requirements[requirement.unit_id][requirement.code] = requirement

    for position, area in enumerate(parsed.competence_areas):
        plan.areas.reconcile(old_areas, area.code, _area_values(area), position, CompetenceArea)
    plan.areas.remove(old_areas.values())

    for position, title in enumerate(parsed.titles):
        values = _title_values(title)
        key = (values["code"], values["competence_area_uri"])
        plan.titles.reconcile(old_titles, key, values, position, Title)
    plan.titles.remove(old_titles.values())

    pairs, unpaired = _match_units(parsed.units, old_units)
    for unit in unpaired:
        plan.units.remove([unit])
        plan.groups.remove(old_groups.pop(unit.pk, {}).values())
        plan.requirements.remove(old_requirements.pop(unit.pk, {}).values())

    for unit_position, unit in enumerate(parsed.units):
        old_unit = pairs.get(unit.eperusteet_id)
        unit_rows = {unit.eperusteet_id: old_unit} if old_unit is not None else {}
        unit_row, unit_kept = plan.units.reconcile(
            unit_rows, unit.eperusteet_id, _unit_values(unit), unit_position, Unit
        )
        groups = old_groups.pop(old_unit.pk, {}) if old_unit is not None else {}
        requirements = old_requirements.pop(old_unit.pk, {}) if old_unit is not None else {}
        requirement_position = 0
        for group_position, group in enumerate(unit.requirement_groups):
            group_row, group_kept = plan.groups.reconcile(
                groups,
                group.key,
                _group_values(group),
                group_position,
                partial(RequirementGroup, unit=unit_row),
                parent_kept=unit_kept,
            )
            for requirement in group.requirements:
                old_requirement = requirements.get(requirement.code)
                plan.requirements.reconcile(
                    requirements,
                    requirement.code,
                    _requirement_values(requirement),
                    requirement_position,
                    partial(Requirement, unit=unit_row, group=group_row),
                    parent_kept=group_kept
                    and old_requirement is not None
                    and old_requirement.group_id == group_row.pk,
                )
                requirement_position += 1
        plan.groups.remove(groups.values())
        plan.requirements.remove(requirements.values())
    return plan


def _apply(plan: _Plan, *, qualification: Qualification, version: QualificationVersion) -> None:
    now = timezone.now()
    # Old rows stop being current before their replacements exist, because the "one current
    # row per natural key" constraints would otherwise reject the new rows.
    for model, changes in plan.in_write_order():
        superseded = [old for old, _ in changes.replaced] + changes.removed
        for row in superseded:
            row.superseded_in = version
            row.superseded_at = now
            row.updated_at = now
        model.objects.bulk_update(superseded, ["superseded_in", "superseded_at", "updated_at"])
    for model, changes in plan.in_write_order():
        for row in changes.created:
            row.introduced_in = version
            if model in (CompetenceArea, Title, Unit):
                row.qualification = qualification
        # The parser has validated the content; full_clean() per row would cost one query per
        # constraint and row on documents with hundreds of requirements.
        model.objects.bulk_create(changes.created)
    for model, changes in plan.in_write_order():
        for old, new in changes.replaced:
            old.superseded_by = new
        model.objects.bulk_update([old for old, _ in changes.replaced], ["superseded_by"])
        for row in changes.moved:
            row.updated_at = now
        model.objects.bulk_update(changes.moved, ["position", "updated_at"])


def _timestamp_label(timestamp: int | None) -> str:
    return "none" if timestamp is None else str(timestamp)


def _result(
    status: ImportStatus,
    qualification: Qualification,
    version: QualificationVersion,
    plan: _Plan | None,
    parsed: ParsedQualification,
) -> ImportResult:
    plan = plan or _Plan()
    return ImportResult(
        status=status,
        qualification=qualification,
        version=version,
        units=plan.units.counts(),
        requirement_groups=plan.groups.counts(),
        requirements=plan.requirements.counts(),
        competence_areas=plan.areas.counts(),
        titles=plan.titles.counts(),
        skipped=parsed.skipped,
    )


@transaction.atomic
def qualification_import(
    *,
    parsed: ParsedQualification,
    raw_sha256: str,
    source: str,
    actor: object | None = None,
) -> ImportResult:
    """Store a parsed peruste as a new qualification or as a newer version of a stored one.

    A document whose hash equals the current version's, or that carries the same content, writes
    nothing; an older version (smaller version timestamp) writes nothing either. A newer version
    supersedes changed and removed rows and creates rows for changed and added items. Raise
    ``ValidationError`` when the document has the stored version timestamp but other content,
    because it is then impossible to tell which of the two is right.
    """
    qualification = (
        Qualification.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .filter(eperusteet_id=parsed.eperusteet_id)
        .first()
    )
    current = qualification.current_version if qualification is not None else None
    if qualification is not None and current is not None:
        if current.raw_sha256 == raw_sha256:
            return _result(ImportStatus.UNCHANGED, qualification, current, None, parsed)
        stored = current.version_timestamp if current.version_timestamp is not None else -1
        incoming = parsed.version_timestamp if parsed.version_timestamp is not None else -1
        if incoming < stored:
            return _result(ImportStatus.OLDER, qualification, current, None, parsed)
        plan = _plan(qualification, parsed)
        if incoming == stored:
            if not plan.any and _same(qualification, _header_values(parsed)):
                return _result(ImportStatus.UNCHANGED, qualification, current, plan, parsed)
            raise ValidationError(
                {
                    "version_timestamp": (
                        f"ePerusteet {parsed.eperusteet_id}: the document has the stored "
                        f"version timestamp {_timestamp_label(parsed.version_timestamp)} but "
                        "different content; refusing to guess which one is right"
                    )
                }
            )
        status = ImportStatus.UPDATED
        sequence = current.sequence + 1
    else:
        plan = _plan(None, parsed)
        status = ImportStatus.CREATED
        sequence = 1
        if qualification is None:
            qualification = Qualification(eperusteet_id=parsed.eperusteet_id)

    for name, value in _header_values(parsed).items():
        setattr(qualification, name, value)
    qualification.full_clean(exclude=["current_version"])
    qualification.save()

    version = QualificationVersion(
        qualification=qualification,
        sequence=sequence,
        version_timestamp=parsed.version_timestamp,
        version_at=parsed.version_datetime,
        raw_sha256=raw_sha256,
        source=source[:1000],
        metadata=_metadata(parsed),
        skipped=[{"unit": unit_id, "reason": reason} for unit_id, reason in parsed.skipped],
        imported_by="" if actor is None else str(actor)[:254],
    )
    version.full_clean(exclude=["summary"])
    version.save()

    _apply(plan, qualification=qualification, version=version)

    result = _result(status, qualification, version, plan, parsed)
    version.summary = {
        "units": result.units.as_dict(),
        "requirement_groups": result.requirement_groups.as_dict(),
        "requirements": result.requirements.as_dict(),
        "competence_areas": result.competence_areas.as_dict(),
        "titles": result.titles.as_dict(),
    }
    version.save(update_fields=["summary"])
    qualification.current_version = version
    qualification.save(update_fields=["current_version", "updated_at"])
    return result
