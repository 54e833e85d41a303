"""Reads for qualification frameworks.

Every versioned list takes an optional ``version``: without it the current rows are returned,
with it the rows that were valid in that imported version (what an old certificate refers to).
"""

from __future__ import annotations

from typing import TypeVar, cast

from django.db.models import Model, Q, QuerySet

from .models import (
    CURRENT,
    CompetenceArea,
    Qualification,
    QualificationVersion,
    Requirement,
    Title,
    Unit,
)

_Row = TypeVar("_Row", bound=Model)


def _valid_in(queryset: QuerySet[_Row], version: QualificationVersion | None) -> QuerySet[_Row]:
    if version is None:
        return queryset.filter(CURRENT)
    # Versions of one qualification are stored in increasing order, so "valid in version N"
    # means introduced at or before N and not superseded at or before N.
    return queryset.filter(
        Q(introduced_in__sequence__lte=version.sequence)
        & (Q(superseded_in__isnull=True) | Q(superseded_in__sequence__gt=version.sequence))
    )


def qualification_list() -> QuerySet[Qualification]:
    """Return all imported qualifications with their current version, by Finnish name."""
    return Qualification.objects.select_related("current_version").order_by(
        "name_fi", "eperusteet_id"
    )


def qualification_get_current(eperusteet_id: int) -> Qualification | None:
    """Return the qualification with this ePerusteet id (header of its current version)."""
    return qualification_list().filter(eperusteet_id=eperusteet_id).first()


def qualification_version_list(*, qualification: Qualification) -> QuerySet[QualificationVersion]:
    """Return every imported version of a qualification, oldest first."""
    return qualification.versions.order_by("sequence")


def competence_area_list(
    *, qualification: Qualification, version: QualificationVersion | None = None
) -> QuerySet[CompetenceArea]:
    """Return the qualification's competence areas (current, or valid in ``version``)."""
    return _valid_in(qualification.competence_areas.all(), version).order_by("position", "id")


def title_list(
    *, qualification: Qualification, version: QualificationVersion | None = None
) -> QuerySet[Title]:
    """Return the qualification's titles (current, or valid in ``version``)."""
    return _valid_in(qualification.titles.all(), version).order_by("position", "id")


def unit_list(
    *, qualification: Qualification, version: QualificationVersion | None = None
) -> QuerySet[Unit]:
    """Return the qualification's units in document order (current, or valid in ``version``)."""
    return _valid_in(qualification.units.all(), version).order_by("position", "id")


def requirement_list_for_unit(
    *, unit: Unit, version: QualificationVersion | None = None
) -> QuerySet[Requirement]:
    """Return a unit row's requirements with their groups (current, or valid in ``version``)."""
    return (
        _valid_in(unit.requirements.all(), version)
        .select_related("group")
        .order_by("group__position", "position", "id")
    )


def unit_current_successor(unit: Unit) -> Unit | None:
    """Follow ``superseded_by`` to the current row that replaced ``unit`` (None if removed)."""
    row: Unit | None = unit
    while row is not None and row.superseded_in_id is not None:
        row = cast("Unit | None", row.superseded_by)  # a unit is replaced by a unit
    return row
