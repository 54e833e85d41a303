"""Refuse TRUNCATE on append-only tables, as the audit log does (privacy 0002).

Row triggers cannot see a TRUNCATE, so a statement trigger refuses it. Unqualified names resolve
in the schema being migrated; cloning a municipality from the template copies them.
"""

from django.db import migrations

from valmo.append_only import truncate_guard_sql

TABLES = [
    "qualifications_qualification",
    "qualifications_qualificationversion",
    "qualifications_competencearea",
    "qualifications_title",
    "qualifications_unit",
    "qualifications_requirementgroup",
    "qualifications_requirement",
]

REFUSE, ALLOW = truncate_guard_sql("qualifications_refuse_truncate", TABLES)


class Migration(migrations.Migration):
    dependencies = [("qualifications", "0002_translated_constraints")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
