"""History rows are never updated or deleted, but by retention (``valmo.append_only``)."""

from django.db import migrations

from valmo.append_only import row_guard_sql

FORWARD, REVERSE = row_guard_sql(
    "coaching_refuse_rewrite",
    [
        "coaching_periodtransition",
        "coaching_grouplimitoverride",
        "coaching_tasklevelchange",
        "coaching_goalreview",
        "coaching_workorderstatuschange",
    ],
)


class Migration(migrations.Migration):
    dependencies = [("coaching", "0009_trainee_identity_code_unique")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
