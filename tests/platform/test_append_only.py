"""Append-only tables refuse TRUNCATE in the database, whatever the caller (raw SQL here)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

pytestmark = pytest.mark.django_db

# Tables whose rows are history: written once, never rewritten or wiped in bulk.
TENANT_TABLES = [
    "privacy_auditevent",
    "privacy_retentionrecord",
    "competence_competencecertificate",
    "coaching_periodtransition",
    "coaching_grouplimitoverride",
    "coaching_tasklevelchange",
    "coaching_goalreview",
    "coaching_workorderstatuschange",
    "capacity_instrumentversion",
    "capacity_scalepoint",
    "capacity_dimension",
    "capacity_item",
    "capacity_itemanchor",
]
PUBLIC_TABLES = [
    "qualifications_qualification",
    "qualifications_qualificationversion",
    "qualifications_competencearea",
    "qualifications_title",
    "qualifications_unit",
    "qualifications_requirementgroup",
    "qualifications_requirement",
    "benchmarking_snapshot",
    "benchmarking_snapshotcell",
]


def _truncate_refused(table: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {table} CASCADE")


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_tenant_history_refuses_truncate(tenant_a, table):
    _truncate_refused(table)


@pytest.mark.parametrize("table", PUBLIC_TABLES)
def test_public_frameworks_refuse_truncate(tenants, db, table):
    connection.set_schema_to_public()
    _truncate_refused(table)


def test_every_municipality_schema_has_the_truncate_triggers(tenants):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE t.tgtype & 32 = 32"  # TRIGGER_TYPE_TRUNCATE
        )
        found = set(cursor.fetchall())
    for schema in (tenants.a.schema_name, tenants.b.schema_name):
        missing = [table for table in TENANT_TABLES if (schema, table) not in found]
        assert not missing, (schema, missing)
    assert not [table for table in PUBLIC_TABLES if ("public", table) not in found]


# History whose rows are never updated or deleted but by retention (valmo.append_only).
ROW_GUARDED = [
    "privacy_auditevent",
    "privacy_retentionrecord",
    "coaching_periodtransition",
    "coaching_grouplimitoverride",
    "coaching_tasklevelchange",
    "coaching_goalreview",
    "coaching_workorderstatuschange",
]


def test_every_municipality_schema_guards_history_rows(tenants):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE t.tgtype & 1 = 1 AND t.tgtype & 24 = 24"  # ROW, UPDATE and DELETE
        )
        found = set(cursor.fetchall())
    for schema in (tenants.a.schema_name, tenants.b.schema_name):
        missing = [table for table in ROW_GUARDED if (schema, table) not in found]
        assert not missing, (schema, missing)
