"""The deploy command: migrations are a no-op on an up-to-date database, platform data syncs."""

from __future__ import annotations

import io

from django.core.management import call_command


def test_valmo_migrate_on_a_current_database_changes_nothing_and_syncs_instruments(tenants, db):
    out = io.StringIO()

    call_command("valmo_migrate", executor="standard", verbosity=0, stdout=out)

    lines = out.getvalue().splitlines()
    assert "Template schema migrated." not in lines
    for schema in ("test_a", "test_b"):
        assert (
            f"{schema}: valmo-coach-observation: unchanged, valmo-self-assessment: unchanged"
            in lines
        )


def test_only_the_schemas_behind_the_graph_are_found(tenants, db):
    from django.db import connection

    from tenants.migration_state import migrations_behind

    assert migrations_behind() == []
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM test_b.django_migrations WHERE app = 'coaching' AND name = "
            "'0010_history_rows_not_rewritten'"
        )

    assert migrations_behind() == ["test_b"]
