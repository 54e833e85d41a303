from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from coaching.defaults import equipment_names
from coaching.models import ActivityType, EquipmentType, WorkTask
from coaching.services import tenant_defaults_seed

pytestmark = pytest.mark.django_db


def test_equipment_names_split_and_capitalise():
    assert equipment_names("Työkäsineet, huomioliivi,  , työkäsineet") == [
        "Työkäsineet",
        "Huomioliivi",
    ]
    assert equipment_names("") == []


def test_seeding_again_adds_nothing_and_keeps_edited_equipment(tenant_a):
    task = WorkTask.objects.get(name="Lumityöt")
    task.required_equipment.set([EquipmentType.objects.get(name="Huomioliivi")])
    before = tenant_defaults_seed()

    after = tenant_defaults_seed()

    assert after == before
    assert after["activity_types"] == 6
    assert list(task.required_equipment.values_list("name", flat=True)) == ["Huomioliivi"]


def test_migration_gives_an_older_municipality_the_new_defaults(tenant_a):
    """Municipalities created before the activity and equipment models get them on migrate."""
    ActivityType.objects.all().delete()
    WorkTask.required_equipment.through.objects.all().delete()
    EquipmentType.objects.all().delete()
    migration = importlib.import_module(
        "coaching.migrations.0004_seed_activity_and_equipment_types"
    )

    migration.seed(apps, None)

    assert ActivityType.objects.count() == 6
    assert sorted(
        WorkTask.objects.get(name="Perussiivous").required_equipment.values_list("name", flat=True)
    ) == ["Suojakäsineet", "Turvakengät"]
