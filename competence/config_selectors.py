"""Reads for the competence configuration screens: frameworks, recognitions, task mapping.

Each page is read in a fixed number of queries whatever the size of the qualification (the
units, groups and requirements of one version come in one query each), so browsing a large
peruste costs the same as a small one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from coaching.models import Site, WorkTask, WorkUnit
from competence.frameworks.models import (
    Qualification,
    QualificationVersion,
    Requirement,
    Unit,
    VersionedRow,
)
from competence.frameworks.selectors import qualification_list, qualification_version_list
from valmo.i18n import localized

from .models import LearningEnvironment, RecognisedRequirement, WorkTaskRequirement


def _valid_in(version: QualificationVersion, prefix: str = "") -> Q:
    return Q(**{f"{prefix}introduced_in__sequence__lte": version.sequence}) & (
        Q(**{f"{prefix}superseded_in__isnull": True})
        | Q(**{f"{prefix}superseded_in__sequence__gt": version.sequence})
    )


@dataclass
class GroupRows:
    heading: str
    requirements: list[Requirement] = field(default_factory=list)


@dataclass
class UnitTree:
    unit: Unit
    groups: list[GroupRows] = field(default_factory=list)

    @property
    def name(self) -> str:
        return localized(self.unit, "name")

    @property
    def requirements(self) -> list[Requirement]:
        return [row for group in self.groups for row in group.requirements]


@dataclass
class Change:
    """A row superseded in the shown version: changed (``successor``) or removed (None)."""

    kind: str  # "unit" or "requirement"
    old: VersionedRow
    successor: VersionedRow | None


@dataclass
class FrameworkPage:
    qualification: Qualification
    versions: list[QualificationVersion]
    version: QualificationVersion
    units: list[UnitTree]
    changes: list[Change]

    @property
    def requirement_count(self) -> int:
        return sum(len(unit.requirements) for unit in self.units)


def requirement_tree(
    *, version: QualificationVersion, current_only: bool = False
) -> list[UnitTree]:
    """The units of a version with their groups and requirements, in document order.

    Two queries: the units, then the requirements with their groups.
    """
    units = Unit.objects.filter(qualification_id=version.qualification_id)
    requirements = Requirement.objects.filter(unit__qualification_id=version.qualification_id)
    if current_only:
        units = units.filter(superseded_in__isnull=True)
        requirements = requirements.filter(superseded_in__isnull=True)
    else:
        units = units.filter(_valid_in(version))
        requirements = requirements.filter(_valid_in(version))
    trees = {unit.pk: UnitTree(unit) for unit in units.order_by("position", "id")}
    groups: dict[tuple[int, int], GroupRows] = {}
    for row in requirements.select_related("group").order_by(
        "unit_id", "group__position", "position", "id"
    ):
        tree = trees.get(row.unit_id)
        if tree is None:
            continue
        key = (row.unit_id, row.group_id)
        if key not in groups:
            groups[key] = GroupRows(localized(row.group, "heading"))
            tree.groups.append(groups[key])
        groups[key].requirements.append(row)
    return list(trees.values())


def framework_page_get(
    *, qualification: Qualification, sequence: int | None = None
) -> FrameworkPage | None:
    """One qualification as it was in version ``sequence`` (default: current); None if unknown."""
    versions = list(qualification_version_list(qualification=qualification))
    if not versions:
        return None
    if sequence is None:
        version = versions[-1]
    else:
        chosen = [row for row in versions if row.sequence == sequence]
        if not chosen:
            return None
        version = chosen[0]
    changes = [
        Change("unit", unit, unit.superseded_by)
        for unit in Unit.objects.filter(
            qualification=qualification, superseded_in=version
        ).select_related("superseded_by")
    ] + [
        Change("requirement", row, row.superseded_by)
        for row in Requirement.objects.filter(
            unit__qualification=qualification, superseded_in=version, unit__superseded_in=None
        ).select_related("superseded_by")
    ]
    return FrameworkPage(
        qualification=qualification,
        versions=versions,
        version=version,
        units=requirement_tree(version=version),
        changes=changes,
    )


def framework_list() -> QuerySet[Qualification]:
    """The imported qualifications with their number of versions."""
    return qualification_list().annotate(version_count=Count("versions"))


# --- Recognitions ----------------------------------------------------------------------------


def recognition_list() -> QuerySet[LearningEnvironment]:
    """Every recognition with its place, qualification and number of requirements."""
    return LearningEnvironment.objects.select_related(
        "site", "work_unit__site", "qualification_version__qualification"
    ).annotate(requirement_count=Count("recognised_requirements"))


def recognised_requirement_ids(*, environment: LearningEnvironment) -> set[int]:
    return set(
        RecognisedRequirement.objects.filter(environment=environment).values_list(
            "requirement_id", flat=True
        )
    )


def place_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Sites and work units as grouped choices ``site-<id>`` / ``unit-<id>`` for one select."""
    sites = [(f"site-{site.pk}", site.name) for site in Site.objects.order_by("name")]
    units = [
        (f"unit-{unit.pk}", f"{unit.name} ({unit.site.name})" if unit.site else unit.name)
        for unit in WorkUnit.objects.select_related("site").order_by("name")
    ]
    return [(gettext("Sites"), sites), (gettext("Work units"), units)]


def place_get(value: str) -> tuple[Site | None, WorkUnit | None]:
    """The site or work unit named by a ``place_choices`` value (both None when unknown)."""
    kind, _, pk = value.partition("-")
    if not pk.isdigit():
        return None, None
    if kind == "site":
        return Site.objects.filter(pk=int(pk)).first(), None
    if kind == "unit":
        return None, WorkUnit.objects.filter(pk=int(pk)).first()
    return None, None


# --- Task mapping ----------------------------------------------------------------------------


def mapping_task_list() -> QuerySet[WorkTask]:
    """The catalogue's tasks in use with their number of mapped requirements."""
    return (
        WorkTask.objects.filter(retired_at__isnull=True)
        .select_related("sector", "ordering_unit")
        .annotate(requirement_count=Count("requirement_links"))
        .order_by("sector__order", "name")
    )


@dataclass
class TaskMapping:
    task: WorkTask
    links: list[WorkTaskRequirement]
    by_qualification: dict[int, list[WorkTaskRequirement]]

    def ids(self) -> set[int]:
        return {link.requirement_id for link in self.links}


def task_mapping_get(*, task: WorkTask) -> TaskMapping:
    """The task's mapped requirements with their units and qualifications (one query)."""
    links = list(
        WorkTaskRequirement.objects.filter(task=task)
        .select_related("requirement__unit__qualification", "requirement__group")
        .order_by("requirement__unit__qualification_id", "requirement__unit__position", "id")
    )
    grouped: dict[int, list[WorkTaskRequirement]] = defaultdict(list)
    for link in links:
        grouped[link.requirement.unit.qualification_id].append(link)
    return TaskMapping(task=task, links=links, by_qualification=dict(grouped))
