"""Refuse TRUNCATE on append-only tables, as the audit log does (privacy 0002).

Row triggers cannot see a TRUNCATE, so a statement trigger refuses it. Unqualified names resolve
in the schema being migrated; cloning a municipality from the template copies them.
"""

from django.db import migrations

from valmo.append_only import truncate_guard_sql

TABLES = [
    "capacity_instrumentversion",
    "capacity_scalepoint",
    "capacity_dimension",
    "capacity_item",
    "capacity_itemanchor",
]

REFUSE, ALLOW = truncate_guard_sql("capacity_refuse_truncate", TABLES)


class Migration(migrations.Migration):
    dependencies = [("capacity", "0002_translated_constraints")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
