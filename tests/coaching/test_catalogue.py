"""The task catalogue's services: adopting defaults, own tasks, adapting, retiring, the rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coaching.catalogue_selectors import national_sectors
from coaching.models import (
    DifficultyLevel,
    EquipmentType,
    TaskAssignment,
    TaskSector,
    WorkTask,
    WorkTaskLevel,
)
from coaching.services import (
    catalogue_sectors_adopt,
    coaching_period_create,
    difficulty_level_update,
    task_assignment_create,
    trainee_create,
    work_task_create,
    work_task_restore,
    work_task_retire,
    work_task_update,
)
from privacy.models import AuditEvent

from .conftest import START

END = date(2026, 9, 30)

pytestmark = pytest.mark.django_db

LEVELS = {1: "Ohjattuna", 2: "Osin itse", 3: "Itsenäisesti"}


def _drop_sector(code: str) -> None:
    """A municipality that has not adopted this sector (tests only: nothing points at it)."""
    sector = TaskSector.objects.get(code=code)
    WorkTaskLevel.objects.filter(task__sector=sector).delete()
    for task in WorkTask.objects.filter(sector=sector):
        task.required_equipment.clear()
        task.delete()
    sector.delete()


def test_adopting_a_sector_adds_its_defaults_once(tenant_a, staff):
    _drop_sector("recycling")
    assert not next(row for row in national_sectors() if row.code == "recycling").in_use

    added = catalogue_sectors_adopt(actor=staff.admin, sector_codes=["recycling"])

    assert [task.name for task in added] == ["Kierrätysmateriaalin lajittelu"]
    task = added[0]
    assert task.national_default == task.name
    assert list(task.levels.order_by("level__level").values_list("description", flat=True)) == [
        "Lajittelu ohjeen mukaan",
        "Tuotteiden kunnon arviointi",
        "Myymälään hinnoittelu ja esillepano",
    ]
    assert list(task.required_equipment.values_list("name", flat=True)) == ["Työkäsineet"]
    row = next(row for row in national_sectors() if row.code == "recycling")
    assert row.in_use
    assert row.complete
    assert AuditEvent.objects.filter(
        object_type="coaching.worktask", object_id=str(task.pk), action="create"
    ).exists()

    count = WorkTask.objects.count()
    assert catalogue_sectors_adopt(actor=staff.admin, sector_codes=["recycling"]) == []
    assert WorkTask.objects.count() == count


def test_adopting_again_keeps_renamed_and_retired_defaults(tenant_a, staff):
    snow = WorkTask.objects.get(name="Lumityöt")
    work_task_update(actor=staff.admin, task=snow, name="Talvikunnossapito")
    work_task_retire(actor=staff.admin, task=WorkTask.objects.get(name="Piha-alueiden siistiminen"))
    count = WorkTask.objects.count()

    assert catalogue_sectors_adopt(actor=staff.admin, sector_codes=["property_care"]) == []

    assert WorkTask.objects.count() == count
    assert WorkTask.objects.get(name="Piha-alueiden siistiminen").retired_at is not None


def test_an_own_task_with_a_default_name_counts_as_that_default(tenant_a, staff):
    _drop_sector("recycling")
    catalogue_sectors_adopt(actor=staff.admin, sector_codes=["cleaning"])  # creates nothing
    sector = TaskSector.objects.create(code="recycling", name="Kierrätys", order=6)
    own = work_task_create(
        actor=staff.admin, sector=sector, name="kierrätysmateriaalin lajittelu", levels=LEVELS
    )

    assert catalogue_sectors_adopt(actor=staff.admin, sector_codes=["recycling"]) == []

    own.refresh_from_db()
    assert own.national_default == "Kierrätysmateriaalin lajittelu"
    assert next(row for row in national_sectors() if row.code == "recycling").complete


def test_adopting_unknown_or_no_sectors_is_refused(tenant_a, staff):
    with pytest.raises(ValidationError) as error:
        catalogue_sectors_adopt(actor=staff.admin, sector_codes=["rocket_science"])
    assert error.value.message_dict == {
        "sectors": ["Not a national default sector: rocket_science."]
    }
    with pytest.raises(ValidationError) as error:
        catalogue_sectors_adopt(actor=staff.admin, sector_codes=[" "])
    assert "sectors" in error.value.message_dict


def test_an_own_task_needs_every_level_described(tenant_a, staff):
    sector = TaskSector.objects.get(code="cleaning")
    with pytest.raises(ValidationError) as error:
        work_task_create(
            actor=staff.admin, sector=sector, name="Ikkunanpesu", levels={1: "Sisäpuolelta"}
        )
    assert set(error.value.message_dict) == {"level_2", "level_3"}
    assert not WorkTask.objects.filter(name="Ikkunanpesu").exists()

    gloves = EquipmentType.objects.get(name="Suojakäsineet")
    task = work_task_create(
        actor=staff.admin,
        sector=sector,
        name=" Ikkunanpesu ",
        description="Ikkunat ja lasipinnat",
        levels=LEVELS,
        required_equipment=[gloves],
    )
    assert task.name == "Ikkunanpesu"
    assert task.national_default == ""
    assert task.levels.count() == 3
    assert list(task.required_equipment.all()) == [gloves]
    assert AuditEvent.objects.filter(
        object_type="coaching.worktask", object_id=str(task.pk), action="create"
    ).exists()


def test_names_are_unique_per_sector_regardless_of_case(tenant_a, staff):
    sector = TaskSector.objects.get(code="property_care")
    with pytest.raises(ValidationError) as error:
        work_task_create(actor=staff.admin, sector=sector, name="LUMITYÖT", levels=LEVELS)
    assert error.value.message_dict == {"name": ["The sector already has a task with this name."]}
    # Another sector may use the name.
    other = TaskSector.objects.get(code="cleaning")
    assert work_task_create(actor=staff.admin, sector=other, name="Lumityöt", levels=LEVELS).pk
    # Moving a task into a sector that has its name is refused as well.
    with pytest.raises(ValidationError) as error:
        work_task_update(
            actor=staff.admin,
            task=WorkTask.objects.get(sector=other, name="Lumityöt"),
            sector=sector,
        )
    assert "name" in error.value.message_dict


def test_the_database_backs_the_name_and_level_rules(tenant_a):
    sector = TaskSector.objects.get(code="property_care")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkTask.objects.create(sector=sector, name="lumityöt")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkTask.objects.create(sector=sector, name="   ")
    task = WorkTask.objects.get(name="Lumityöt")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkTaskLevel.objects.filter(task=task).update(description=" ")
    with pytest.raises(IntegrityError), transaction.atomic():
        DifficultyLevel.objects.filter(level=1).update(name="")


def test_adapting_a_task_changes_only_what_is_given_and_audits_it(tenant_a, staff):
    task = WorkTask.objects.get(name="Lumityöt")
    before = task.protective_equipment

    row = work_task_update(
        actor=staff.admin, task=task, description="Talvella", levels={2: "Kolaus ohjatusti"}
    )

    assert row.description == "Talvella"
    assert row.protective_equipment == before
    texts = dict(row.levels.values_list("level__level", "description"))
    assert texts[2] == "Kolaus ohjatusti"
    assert texts[1] == "Kulkuväylien lapiointi"
    event = AuditEvent.objects.filter(
        object_type="coaching.worktask", object_id=str(task.pk), action="change"
    ).latest("at")
    assert event.detail == {"fields": ["description"], "levels": [2]}

    with pytest.raises(ValidationError) as error:
        work_task_update(actor=staff.admin, task=task, levels={3: "  "}, name="Uusi nimi")
    assert error.value.message_dict == {"level_3": ["Describe what the task means at this level."]}
    assert WorkTask.objects.get(pk=task.pk).name == "Lumityöt"
    with pytest.raises(ValidationError) as error:
        work_task_update(actor=staff.admin, task=task, name=" ")
    assert "name" in error.value.message_dict


def test_a_retired_task_keeps_its_assignments_but_takes_no_new_ones(tenant_a, staff, make_user):
    task = WorkTask.objects.get(name="Lumityöt")
    level = DifficultyLevel.objects.get(level=1)
    trainee = trainee_create(
        actor=staff.admin, first_name="Aino", last_name="Esimerkki", date_of_birth=None
    )
    period = coaching_period_create(
        actor=staff.admin, trainee=trainee, coach=staff.coach, start_on=START, planned_end_on=END
    ).period
    kept = task_assignment_create(actor=staff.coach, period=period, task=task, level=level)

    work_task_retire(actor=staff.admin, task=task)

    assert TaskAssignment.objects.filter(pk=kept.pk).exists()
    other = WorkTask.objects.get(name="Lumityöt")
    assert other.retired_at is not None
    second = coaching_period_create(
        actor=staff.admin,
        trainee=trainee_create(
            actor=staff.admin, first_name="Eino", last_name="Esimerkki", date_of_birth=None
        ),
        coach=staff.coach,
        start_on=START,
        planned_end_on=END,
    ).period
    with pytest.raises(ValidationError) as error:
        task_assignment_create(actor=staff.coach, period=second, task=other, level=level)
    assert error.value.message_dict == {"task": ["A retired task cannot be assigned."]}
    with pytest.raises(ValidationError):
        work_task_retire(actor=staff.admin, task=other)

    restored = work_task_restore(actor=staff.admin, task=other)
    assert restored.retired_at is None
    assert task_assignment_create(actor=staff.coach, period=second, task=restored, level=level)
    with pytest.raises(ValidationError):
        work_task_restore(actor=staff.admin, task=restored)


def test_difficulty_levels_can_be_renamed_not_emptied(tenant_a, staff):
    level = DifficultyLevel.objects.get(level=3)
    row = difficulty_level_update(actor=staff.admin, level=level, name="Itsenäinen")
    assert row.name == "Itsenäinen"
    with pytest.raises(ValidationError) as error:
        difficulty_level_update(actor=staff.admin, level=level, name="  ")
    assert error.value.message_dict == {"name": ["Enter the level's name."]}


@pytest.mark.parametrize("role", ["coach", "agent", "supervisor"])
def test_only_the_tenant_admin_manages_the_catalogue(tenant_a, staff, role):
    user = getattr(staff, role)
    task = WorkTask.objects.get(name="Lumityöt")
    with pytest.raises(PermissionDenied):
        work_task_retire(actor=user, task=task)
    with pytest.raises(PermissionDenied):
        catalogue_sectors_adopt(actor=user, sector_codes=["recycling"])
    with pytest.raises(PermissionDenied):
        work_task_update(actor=user, task=task, name="Muu")
    assert WorkTask.objects.get(pk=task.pk).retired_at is None
