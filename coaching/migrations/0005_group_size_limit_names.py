"""Name the coach's group limits so they cannot be mistaken for the work-capacity indicator.

``soft_group_limit``/``hard_group_limit`` become ``group_size_soft_limit``/
``group_size_hard_limit`` and ``CapacityOverride`` becomes ``GroupLimitOverride``; data kept.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("coaching", "0004_seed_activity_and_equipment_types")]

    operations = [
        migrations.RemoveConstraint(model_name="coachingsettings", name="coachingsettings_limits_order"),
        migrations.RenameField(
            model_name="coachingsettings", old_name="soft_group_limit", new_name="group_size_soft_limit"
        ),
        migrations.RenameField(
            model_name="coachingsettings", old_name="hard_group_limit", new_name="group_size_hard_limit"
        ),
        migrations.AddConstraint(
            model_name="coachingsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("group_size_soft_limit__lte", models.F("group_size_hard_limit"))),
                name="coachingsettings_limits_order",
            ),
        ),
        migrations.RenameModel(old_name="CapacityOverride", new_name="GroupLimitOverride"),
        migrations.AlterModelOptions(
            name="grouplimitoverride",
            options={
                "ordering": ["-at"],
                "verbose_name": "group-limit override",
                "verbose_name_plural": "group-limit overrides",
            },
        ),
        migrations.AlterField(
            model_name="grouplimitoverride",
            name="period",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="group_limit_overrides",
                to="coaching.coachingperiod",
            ),
        ),
    ]
