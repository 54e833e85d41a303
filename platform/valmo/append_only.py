"""History tables that the database itself keeps from being rewritten.

A row trigger refuses UPDATE and DELETE on each listed table unless the transaction has opened
the retention gate (``retention_gate_open``): anonymising and erasing past their retention time
are the only rewrites the law asks for, and they run in the retention service. Everything else
(a bug, the shell, raw SQL) gets an error. TRUNCATE is refused by statement triggers of its own.
"""

from __future__ import annotations

from django.db import connection

GATE_SETTING = "valmo.retention"


def retention_gate_open() -> None:
    """Allow the current transaction to rewrite history rows (retention only).

    ``set_config(..., true)`` is transaction-local: the gate closes at commit or rollback and
    never leaks to another request on a pooled connection.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("The retention gate opens only inside a transaction.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [GATE_SETTING])


def row_guard_sql(function: str, tables: list[str]) -> tuple[str, str]:
    """Return (forward, reverse) SQL creating the guard function and one trigger per table.

    Unqualified names resolve in the schema being migrated; cloning a municipality from the
    template schema copies function and triggers with it.
    """
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    IF current_setting('{GATE_SETTING}', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
        f"CREATE TRIGGER {table}_no_rewrite BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}();\n"
        for table in tables
    )
    reverse = (
        "".join(f"DROP TRIGGER IF EXISTS {table}_no_rewrite ON {table};\n" for table in tables)
        + f"DROP FUNCTION IF EXISTS {function}();\n"
    )
    return forward, reverse


def truncate_guard_sql(function: str, tables: list[str]) -> tuple[str, str]:
    """Return (forward, reverse) SQL refusing TRUNCATE on each table.

    Row triggers cannot see a TRUNCATE, so a statement trigger refuses it, gate or not.
    """
    forward = f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();\n"
        for table in tables
    )
    reverse = (
        "".join(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};\n" for table in tables)
        + f"DROP FUNCTION IF EXISTS {function}();\n"
    )
    return forward, reverse
