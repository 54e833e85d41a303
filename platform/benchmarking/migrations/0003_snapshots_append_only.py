"""Published snapshots are never rewritten: the database refuses UPDATE, DELETE and TRUNCATE.

A new run makes a new snapshot; nothing may change or remove a published one, whatever code
path tries (public schema only: benchmarking is a shared app).
"""

from django.db import migrations

TABLES = ["benchmarking_snapshot", "benchmarking_snapshotcell"]

FUNCTION = """
CREATE OR REPLACE FUNCTION benchmarking_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

REFUSE = FUNCTION + "".join(
    f"CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION benchmarking_refuse_change();\n"
    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION benchmarking_refuse_change();\n"
    for table in TABLES
)

ALLOW = "".join(
    f"DROP TRIGGER IF EXISTS {table}_no_update_delete ON {table};\n"
    f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};\n"
    for table in TABLES
) + "DROP FUNCTION IF EXISTS benchmarking_refuse_change();\n"


class Migration(migrations.Migration):
    dependencies = [("benchmarking", "0002_snapshots_runs_participation")]

    operations = [migrations.RunSQL(REFUSE, ALLOW)]
