"""Refuse TRUNCATE on append-only tables, as the audit log does (privacy 0002).

Row triggers cannot see a TRUNCATE, so a statement trigger refuses it. Unqualified names resolve
in the schema being migrated; cloning a municipality from the template copies them.
"""

from django.db import migrations

TABLES = [
    "qualifications_qualification",
    "qualifications_qualificationversion",
    "qualifications_competencearea",
    "qualifications_title",
    "qualifications_unit",
    "qualifications_requirementgroup",
    "qualifications_requirement",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION qualifications_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

REFUSE = FUNCTION + "".join(
    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION qualifications_refuse_truncate();\n"
    for table in TABLES
)

ALLOW = "".join(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS qualifications_refuse_truncate();\n"
)


class Migration(migrations.Migration):
    dependencies = [("qualifications", "0002_translated_constraints")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
