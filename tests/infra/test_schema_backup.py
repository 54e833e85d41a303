"""Backup and restore of one municipality: pg_dump of its schema (with the public schema it
refers to) and pg_restore into a fresh database give back its rows (docs/deploy.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection
from psycopg import sql

PG_DUMP = shutil.which("pg_dump")
PG_RESTORE = shutil.which("pg_restore")
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (PG_DUMP and PG_RESTORE),
        reason="pg_dump/pg_restore are not installed (scripts/system_deps.sh pgclient)",
    ),
]


def _libpq(database: str) -> tuple[list[str], dict[str, str], dict[str, object]]:
    """Command-line options, environment and psycopg arguments for the test database's server."""
    s = connection.settings_dict
    options = ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"]]
    env = {**os.environ, "PGPASSWORD": s["PASSWORD"] or ""}
    kwargs = {
        "host": s["HOST"] or "127.0.0.1",
        "port": s["PORT"] or 5432,
        "user": s["USER"],
        "password": s["PASSWORD"] or None,
        "dbname": database,
        "autocommit": True,
    }
    return options, env, kwargs


def _table_counts(kwargs: dict[str, object], schema: str) -> dict[str, int]:
    with psycopg.connect(**kwargs) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = %s AND table_type = 'BASE TABLE'",
                [schema],
            )
        ]
        return {
            table: conn.execute(
                sql.SQL("SELECT count(*) FROM {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(table)
                )
            ).fetchone()[0]
            for table in tables
        }


def test_one_municipality_round_trips_through_pg_dump_and_pg_restore(
    tenants, django_db_blocker, tmp_path
):
    from coaching.models import Trainee

    schema = tenants.a.schema_name
    source = connection.settings_dict["NAME"]
    options, env, source_kwargs = _libpq(source)
    restored = f"valmo_restore_{uuid.uuid4().hex[:8]}"
    restored_kwargs = {**source_kwargs, "dbname": restored}
    admin_kwargs = {**source_kwargs, "dbname": "postgres"}
    marker = f"Restore-{uuid.uuid4().hex[:6]}"

    with django_db_blocker.unblock():
        # Committed, so that pg_dump (another session) sees it; removed again at the end.
        connection.set_tenant(tenants.a)
        trainee = Trainee.objects.create(first_name="Aino", last_name=marker)
        connection.set_schema_to_public()
    try:
        dumps = {}
        for name in ("public", schema):
            dumps[name] = tmp_path / f"{name}.dump"
            subprocess.run(
                [PG_DUMP, *options, "-d", source, "-n", name, "-Fc", "-f", str(dumps[name])],
                env=env,
                check=True,
                capture_output=True,
            )
        with psycopg.connect(**admin_kwargs) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored)))
        try:
            with psycopg.connect(**restored_kwargs) as fresh:
                fresh.execute("DROP SCHEMA public")  # the dump brings its own
            # public first: the municipality's tables refer to the shared frameworks there.
            for name in ("public", schema):
                result = subprocess.run(
                    [
                        PG_RESTORE,
                        *options,
                        "-d",
                        restored,
                        "--no-owner",
                        "--exit-on-error",
                        str(dumps[name]),
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                assert result.returncode == 0, result.stderr
            with psycopg.connect(**restored_kwargs) as conn:
                row = conn.execute(
                    sql.SQL(
                        "SELECT id, first_name FROM {}.coaching_trainee WHERE last_name = %s"
                    ).format(sql.Identifier(schema)),
                    [marker],
                ).fetchone()
                assert row == (trainee.pk, "Aino")
                other = conn.execute(
                    "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s",
                    [tenants.b.schema_name],
                ).fetchone()[0]
                assert other == 0, "only the one municipality was dumped"
            with django_db_blocker.unblock():
                assert _table_counts(restored_kwargs, schema) == _table_counts(
                    source_kwargs, schema
                )
        finally:
            with psycopg.connect(**admin_kwargs) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(restored)
                    )
                )
    finally:
        with django_db_blocker.unblock():
            connection.set_tenant(tenants.a)
            Trainee.objects.filter(pk=trainee.pk).delete()
            connection.set_schema_to_public()
