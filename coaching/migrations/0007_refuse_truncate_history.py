"""Refuse TRUNCATE on append-only tables, as the audit log does (privacy 0002).

Row triggers cannot see a TRUNCATE, so a statement trigger refuses it. Unqualified names resolve
in the schema being migrated; cloning a municipality from the template copies them.
"""

from django.db import migrations

from valmo.append_only import truncate_guard_sql

TABLES = [
    "coaching_periodtransition",
    "coaching_grouplimitoverride",
    "coaching_tasklevelchange",
    "coaching_goalreview",
    "coaching_workorderstatuschange",
]

REFUSE, ALLOW = truncate_guard_sql("coaching_refuse_truncate", TABLES)


class Migration(migrations.Migration):
    dependencies = [("coaching", "0006_translated_constraints_one_open_period")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
