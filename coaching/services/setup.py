"""Tenant configuration seeding."""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching import defaults
from coaching.models import (
    ActivityType,
    DifficultyLevel,
    EquipmentType,
    LegalFrame,
    ParticipationStatus,
    ServiceForm,
    TargetGroup,
    TaskSector,
    WorkTask,
    WorkTaskLevel,
)


@transaction.atomic
@permission_required_for("configuration.seed")
def tenant_defaults_seed(*, actor: User | None = None) -> dict[str, int]:
    """Seed the default configuration into the current schema; re-running adds nothing twice.

    The capacity instruments are competence's: onboarding loads them after this
    (``onboarding.services.municipality_onboard``).
    """
    difficulty_levels_ensure()
    for code in defaults.national_sector_codes():
        national_sector_seed(code)
    for spec in defaults.PARTICIPATION_STATUSES:
        status, created = ParticipationStatus.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "is_social_welfare": spec["is_social_welfare"],
                "has_subsidy_type": spec["has_subsidy_type"],
            },
        )
        if created:
            LegalFrame.objects.create(status=status, **cast("dict[str, Any]", spec["frame"]))
    for code, name, description in defaults.SERVICE_FORMS:
        ServiceForm.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
    for code, name in defaults.TARGET_GROUPS:
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name})
    for order, (code, name) in enumerate(defaults.ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    return {
        "sectors": TaskSector.objects.count(),
        "tasks": WorkTask.objects.count(),
        "statuses": ParticipationStatus.objects.count(),
        "service_forms": ServiceForm.objects.count(),
        "activity_types": ActivityType.objects.count(),
        "equipment_types": EquipmentType.objects.count(),
    }


def difficulty_levels_ensure() -> dict[int, DifficultyLevel]:
    """The default difficulty scale, created where missing; existing levels are kept as edited."""
    levels = {}
    for level, name, description in defaults.DIFFICULTY_LEVELS:
        levels[level], _ = DifficultyLevel.objects.get_or_create(
            level=level, defaults={"name": name, "description": description}
        )
    return levels


def national_sector_seed(code: str) -> list[WorkTask]:
    """Put one national default sector with its tasks in place; return the tasks it added.

    A task counts as present when a task of the sector came from that default (its
    ``national_default``, kept through renames and retirement) or already has its name, so
    running it again adds nothing, and a retired default stays retired. Not a write path of
    its own: ``catalogue_sectors_adopt`` (the tenant admin) and ``tenant_defaults_seed``
    (onboarding) call it.
    """
    order = defaults.national_sector_codes().index(code) + 1
    _code, name, tasks = defaults.TASK_SECTORS[order - 1]
    levels = difficulty_levels_ensure()
    sector, _ = TaskSector.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    existing = list(WorkTask.objects.filter(sector=sector))
    adopted = {task.national_default.lower() for task in existing if task.national_default}
    by_name = {task.name.lower(): task for task in existing}
    added = []
    for task_name, equipment, transport, level_texts in tasks:
        if task_name.lower() in adopted:
            continue
        same = by_name.get(task_name.lower())
        if same is not None:  # the municipality's own task of that name is this default
            if not same.national_default:
                same.national_default = task_name
                same.save(update_fields=["national_default", "updated_at"])
            continue
        task = WorkTask.objects.create(
            sector=sector,
            name=task_name,
            national_default=task_name,
            protective_equipment=equipment,
            needs_transport=transport,
        )
        WorkTaskLevel.objects.bulk_create(
            WorkTaskLevel(task=task, level=levels[i], description=text)
            for i, text in enumerate(level_texts, start=1)
            if i in levels
        )
        _required_equipment_link(task)
        added.append(task)
    return added


def _required_equipment_link(task: WorkTask) -> None:
    """Give a newly seeded task the equipment types named in its equipment text."""
    task.required_equipment.add(
        *(
            EquipmentType.objects.get_or_create(name=name)[0]
            for name in defaults.equipment_names(task.protective_equipment)
        )
    )
