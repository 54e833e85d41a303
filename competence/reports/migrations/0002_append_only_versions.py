"""Finalised versions are append-only: row triggers refuse UPDATE/DELETE, a statement trigger
refuses TRUNCATE (as for the audit log and certificates). Only the retention gate lets the
retention service rewrite rows."""

from django.db import migrations

from valmo.append_only import row_guard_sql, truncate_guard_sql

TABLES = ["reports_reportversion"]

ROWS, ROWS_REVERSE = row_guard_sql("reports_refuse_rewrite", TABLES)
TRUNCATE, TRUNCATE_REVERSE = truncate_guard_sql("reports_refuse_truncate", TABLES)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RunSQL(ROWS, ROWS_REVERSE),
        migrations.RunSQL(TRUNCATE, TRUNCATE_REVERSE),
    ]
