"""Retention records are never updated or deleted (``valmo.append_only``)."""

from django.db import migrations

from valmo.append_only import row_guard_sql

FORWARD, REVERSE = row_guard_sql("privacy_refuse_rewrite", ["privacy_retentionrecord"])


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_refuse_truncate_retention_records")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]
