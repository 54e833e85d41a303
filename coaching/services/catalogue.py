"""The task catalogue: adopt national default sectors, own tasks, adapt, retire and restore.

The tenant admin's work (``catalogue.manage``). Tasks are never deleted: assignments, the
daily log, work orders and competence mappings point at them. A retired task cannot be
assigned or ordered any more (``task_assignment_create``, ``work_order_create`` refuse it);
what was assigned before stays, with its level history. Every change is audited as a
configuration change of the task.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching import defaults
from coaching.models import (
    DifficultyLevel,
    EquipmentType,
    TaskSector,
    WorkTask,
    WorkTaskLevel,
    WorkUnit,
)
from privacy import audit
from valmo.integrity import constraint_errors

from .common import refuse
from .setup import national_sector_seed

SECTION = "configuration"


def level_field(level: int) -> str:
    """The field name a level's description is refused at (``level_1`` …)."""
    return f"level_{level}"


@transaction.atomic
@permission_required_for("catalogue.manage")
def catalogue_sectors_adopt(*, actor: User, sector_codes: Sequence[str]) -> list[WorkTask]:
    """Start (or complete) the catalogue from the national defaults of the chosen sectors.

    Adds each chosen sector and those of its default tasks, with their level descriptions,
    that the municipality does not have yet; adopting a sector again adds nothing, and a
    default task the municipality retired stays retired. Returns the tasks added.
    """
    known = defaults.national_sector_codes()
    codes = list(dict.fromkeys(code.strip() for code in sector_codes if code.strip()))
    if not codes:
        raise refuse("sectors", gettext("Choose at least one sector."))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise refuse(
            "sectors",
            gettext("Not a national default sector: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    added: list[WorkTask] = []
    for code in sorted(codes, key=known.index):
        added.extend(national_sector_seed(code))
    for task in added:
        audit.record(
            action="create",
            obj=task,
            section=SECTION,
            detail={"national_default": task.national_default, "sector": task.sector.code},
        )
    return added


def _active_unit(unit: WorkUnit | None, current_id: int | None = None) -> WorkUnit | None:
    if unit is not None and not unit.is_active and unit.pk != current_id:
        raise refuse("ordering_unit", gettext("Choose an active work unit."))
    return unit


def _name_free(sector: TaskSector, name: str, exclude: int | None = None) -> None:
    clash = WorkTask.objects.filter(sector=sector, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise refuse("name", gettext("The sector already has a task with this name."))


def _level_texts(levels: Mapping[int, str], *, every: bool) -> dict[DifficultyLevel, str]:
    """The scale's levels with their new descriptions; blank or unknown levels are refused."""
    scale = {level.level: level for level in DifficultyLevel.objects.order_by("level")}
    unknown = sorted(set(levels) - set(scale))
    if unknown:
        raise refuse(
            "levels",
            gettext("Not a level of the difficulty scale: %(levels)s.")
            % {"levels": ", ".join(str(level) for level in unknown)},
        )
    texts: dict[DifficultyLevel, str] = {}
    errors = {}
    for number, level in scale.items():
        if number not in levels and not every:
            continue
        text = (levels.get(number) or "").strip()
        if not text:
            errors[level_field(number)] = gettext("Describe what the task means at this level.")
        texts[level] = text
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    return texts


@transaction.atomic
@permission_required_for("catalogue.manage")
def work_task_create(
    *,
    actor: User,
    sector: TaskSector,
    name: str,
    levels: Mapping[int, str],
    description: str = "",
    protective_equipment: str = "",
    needs_transport: bool = False,
    ordering_unit: WorkUnit | None = None,
    required_equipment: Sequence[EquipmentType] = (),
) -> WorkTask:
    """Add the municipality's own task; every level of the scale needs its description."""
    task = WorkTask(
        sector=sector,
        name=name.strip(),
        description=description.strip(),
        protective_equipment=protective_equipment.strip(),
        needs_transport=needs_transport,
        ordering_unit=_active_unit(ordering_unit),
    )
    if not task.name:
        raise refuse("name", gettext("Enter the task's name."))
    _name_free(sector, task.name)
    texts = _level_texts(levels, every=True)
    task.full_clean()
    with constraint_errors():
        task.save()
        WorkTaskLevel.objects.bulk_create(
            WorkTaskLevel(task=task, level=level, description=text) for level, text in texts.items()
        )
    task.required_equipment.set(required_equipment)
    audit.record(action="create", obj=task, section=SECTION, detail={"sector": sector.code})
    return task


@transaction.atomic
@permission_required_for("catalogue.manage")
def work_task_update(
    *,
    actor: User,
    task: WorkTask,
    sector: TaskSector | None = None,
    name: str | None = None,
    description: str | None = None,
    protective_equipment: str | None = None,
    needs_transport: bool | None = None,
    ordering_unit: WorkUnit | None = None,
    ordering_unit_clear: bool = False,
    required_equipment: Sequence[EquipmentType] | None = None,
    levels: Mapping[int, str] | None = None,
) -> WorkTask:
    """Adapt a task (a default or the municipality's own); ``None`` leaves a field as it is.

    Assignments keep pointing at the task, so a trainee's history shows the adapted wording.
    ``levels`` changes the descriptions of the levels it names (each must stay non-empty).
    """
    row = WorkTask.objects.select_for_update().get(pk=task.pk)
    changed: list[str] = []
    if sector is not None and sector.pk != row.sector_id:
        row.sector = sector
        changed.append("sector")
    if name is not None and name.strip() != row.name:
        row.name = name.strip()
        changed.append("name")
    if not row.name:
        raise refuse("name", gettext("Enter the task's name."))
    if {"name", "sector"} & set(changed):
        _name_free(row.sector, row.name, exclude=row.pk)
    for field, value in (
        ("description", description),
        ("protective_equipment", protective_equipment),
    ):
        if value is not None and value.strip() != getattr(row, field):
            setattr(row, field, value.strip())
            changed.append(field)
    if needs_transport is not None and needs_transport != row.needs_transport:
        row.needs_transport = needs_transport
        changed.append("needs_transport")
    if ordering_unit_clear and row.ordering_unit_id is not None:
        row.ordering_unit = None
        changed.append("ordering_unit")
    elif ordering_unit is not None and ordering_unit.pk != row.ordering_unit_id:
        row.ordering_unit = _active_unit(ordering_unit, row.ordering_unit_id)
        changed.append("ordering_unit")
    if required_equipment is not None and {item.pk for item in required_equipment} != set(
        row.required_equipment.values_list("pk", flat=True)
    ):
        changed.append("required_equipment")
    texts = _level_texts(levels, every=False) if levels is not None else {}
    current = {item.level_id: item for item in row.levels.select_for_update()}
    level_changes = []
    for level, text in texts.items():
        existing = current.get(level.pk)
        if existing is None:
            level_changes.append(WorkTaskLevel(task=row, level=level, description=text))
        elif existing.description != text:
            existing.description = text
            level_changes.append(existing)
    if not changed and not level_changes:
        return row
    row.full_clean()
    with constraint_errors():
        row.save()
        for item in level_changes:
            item.save()
    if "required_equipment" in changed and required_equipment is not None:
        row.required_equipment.set(required_equipment)
    audit.record(
        action="change",
        obj=row,
        section=SECTION,
        detail={"fields": changed, "levels": sorted(item.level.level for item in level_changes)},
    )
    return row


@transaction.atomic
@permission_required_for("catalogue.manage")
def work_task_retire(*, actor: User, task: WorkTask) -> WorkTask:
    """Take a task out of use: no new assignments or orders; existing ones stay as they are."""
    row = WorkTask.objects.select_for_update().get(pk=task.pk)
    if row.retired_at is not None:
        raise refuse("task", gettext("The task is already retired."))
    row.retired_at = timezone.now()
    row.save(update_fields=["retired_at", "updated_at"])
    audit.record(action="change", obj=row, section=SECTION, detail={"retired": True})
    return row


@transaction.atomic
@permission_required_for("catalogue.manage")
def work_task_restore(*, actor: User, task: WorkTask) -> WorkTask:
    """Put a retired task back in use."""
    row = WorkTask.objects.select_for_update().get(pk=task.pk)
    if row.retired_at is None:
        raise refuse("task", gettext("The task is in use."))
    row.retired_at = None
    row.save(update_fields=["retired_at", "updated_at"])
    audit.record(action="change", obj=row, section=SECTION, detail={"retired": False})
    return row


@transaction.atomic
@permission_required_for("catalogue.manage")
def difficulty_level_update(
    *,
    actor: User,
    level: DifficultyLevel,
    name: str | None = None,
    description: str | None = None,
) -> DifficultyLevel:
    """Rename a level of the difficulty scale or change what it means (the scale keeps its size).

    Assignments and the level history point at levels, so levels are neither added nor
    removed here.
    """
    row = DifficultyLevel.objects.select_for_update().get(pk=level.pk)
    changed = []
    if name is not None and name.strip() != row.name:
        row.name = name.strip()
        changed.append("name")
    if not row.name:
        raise refuse("name", gettext("Enter the level's name."))
    if description is not None and description.strip() != row.description:
        row.description = description.strip()
        changed.append("description")
    if not changed:
        return row
    row.full_clean()
    with constraint_errors():
        row.save()
    audit.record(action="change", obj=row, section=SECTION, detail={"fields": changed})
    return row
