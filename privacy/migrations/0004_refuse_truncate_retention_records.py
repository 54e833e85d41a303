"""Refuse TRUNCATE on append-only tables, as the audit log does (privacy 0002).

Row triggers cannot see a TRUNCATE, so a statement trigger refuses it. Unqualified names resolve
in the schema being migrated; cloning a municipality from the template copies them.
"""

from django.db import migrations

from valmo.append_only import truncate_guard_sql

TABLES = [
    "privacy_retentionrecord",
]

REFUSE, ALLOW = truncate_guard_sql("privacy_refuse_truncate", TABLES)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_translated_constraints")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
