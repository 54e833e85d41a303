"""Refuse TRUNCATE on append-only tables, as the audit log does (privacy 0002).

Row triggers cannot see a TRUNCATE, so a statement trigger refuses it. Unqualified names resolve
in the schema being migrated; cloning a municipality from the template copies them.
"""

from django.db import migrations

TABLES = [
    "capacity_instrumentversion",
    "capacity_scalepoint",
    "capacity_dimension",
    "capacity_item",
    "capacity_itemanchor",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION capacity_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

REFUSE = FUNCTION + "".join(
    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION capacity_refuse_truncate();\n"
    for table in TABLES
)

ALLOW = "".join(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS capacity_refuse_truncate();\n"
)


class Migration(migrations.Migration):
    dependencies = [("capacity", "0002_translated_constraints")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
