"""Tenant configuration seeding."""

from __future__ import annotations

from django.db import transaction

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
def tenant_defaults_seed(*, actor=None) -> dict[str, int]:
    """Seed the default configuration into the current schema; re-running adds nothing twice.

    The capacity instruments are competence's: onboarding loads them after this
    (``onboarding.services.municipality_onboard``).
    """
    levels = {}
    for level, name, description in defaults.DIFFICULTY_LEVELS:
        levels[level], _ = DifficultyLevel.objects.get_or_create(
            level=level, defaults={"name": name, "description": description}
        )
    for order, (code, name, tasks) in enumerate(defaults.TASK_SECTORS, start=1):
        sector, _ = TaskSector.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
        for task_name, equipment, transport, level_texts in tasks:
            task, created = WorkTask.objects.get_or_create(
                sector=sector,
                name=task_name,
                defaults={"protective_equipment": equipment, "needs_transport": transport},
            )
            if created:
                WorkTaskLevel.objects.bulk_create(
                    WorkTaskLevel(task=task, level=levels[i], description=text)
                    for i, text in enumerate(level_texts, start=1)
                )
                _required_equipment_link(task)
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
            LegalFrame.objects.create(status=status, **spec["frame"])
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


def _required_equipment_link(task: WorkTask) -> None:
    """Give a newly seeded task the equipment types named in its equipment text."""
    task.required_equipment.add(
        *(
            EquipmentType.objects.get_or_create(name=name)[0]
            for name in defaults.equipment_names(task.protective_equipment)
        )
    )
