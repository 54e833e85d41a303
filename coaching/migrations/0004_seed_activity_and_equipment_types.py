"""Give municipalities created before 0003 the default activity types and task equipment.

New municipalities get the same from ``tenant_defaults_seed``; the data is frozen here so the
migration does not change when the defaults do.
"""

from django.db import migrations

ACTIVITY_TYPES = [
    ("info_session", "Infotilaisuus"),
    ("workplace_visit", "Työpaikkatutustuminen"),
    ("school_visit", "Oppilaitostutustuminen"),
    ("job_search_session", "Ohjattu työnhaku"),
    ("digital_skills_mapping", "Digitaitojen kartoitus"),
    ("other", "Muu valmennus"),
]


def _names(text):
    names = []
    for part in text.split(","):
        name = part.strip()
        if name and name[0].upper() + name[1:] not in names:
            names.append(name[0].upper() + name[1:])
    return names


def seed(apps, schema_editor):
    ActivityType = apps.get_model("coaching", "ActivityType")
    EquipmentType = apps.get_model("coaching", "EquipmentType")
    WorkTask = apps.get_model("coaching", "WorkTask")
    for order, (code, name) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for task in WorkTask.objects.exclude(protective_equipment=""):
        task.required_equipment.add(
            *(EquipmentType.objects.get_or_create(name=n)[0] for n in _names(task.protective_equipment))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0003_diary_goals_activities_work_orders_equipment"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
