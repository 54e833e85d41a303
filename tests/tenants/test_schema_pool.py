"""The pool of pre-cloned schemas: hand-out by rename, stale entries dropped, empty pool."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from onboarding.pool import schema_pool_refill
from onboarding.services import municipality_onboard
from tenants.models import PooledSchema
from tenants.schema_pool import pool_discard_stale, pool_take

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool_on(settings):
    settings.VALMO_SCHEMA_POOL_SIZE = 2
    return settings


def _onboard(name: str, domain: str):
    return municipality_onboard(
        name=name, domain=domain, region="test_area", admin_email=f"admin@{domain}"
    )


def test_refill_clones_seeded_schemas_and_is_idempotent(tenants, pool_on):
    assert schema_pool_refill() == 2
    assert schema_pool_refill() == 0  # full: nothing added the second time
    entries = list(PooledSchema.objects.all())
    assert len(entries) == 2
    for entry in entries:
        assert entry.seeded
        assert schema_exists(entry.schema_name)
        with schema_context(entry.schema_name):
            from coaching.models import TaskSector

            assert TaskSector.objects.count() == 8


def test_onboarding_takes_a_pooled_schema_and_refills_after_commit(
    tenants, pool_on, django_capture_on_commit_callbacks
):
    schema_pool_refill()
    first = PooledSchema.objects.order_by("pk").first()
    assert first is not None

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        municipality = _onboard("Outokumpu", "outokumpu.test.localhost")

    assert municipality.schema_name == "outokumpu"
    with schema_context("outokumpu"):
        from coaching.models import TaskSector

        assert TaskSector.objects.count() == 8  # seeded in the pool, not again
    assert not schema_exists(first.schema_name)  # renamed, not copied
    assert schema_exists("outokumpu")
    assert not PooledSchema.objects.filter(pk=first.pk).exists()
    assert len(callbacks) >= 1
    assert PooledSchema.objects.count() == 2  # the task (eager in tests) refilled the pool
    with schema_context("outokumpu"):
        from accounts.models import User

        assert User.objects.filter(email="admin@outokumpu.test.localhost").exists()


def test_a_stale_entry_is_never_handed_out_and_is_discarded(tenants, pool_on):
    schema_pool_refill(size=1)
    entry = PooledSchema.objects.get()
    PooledSchema.objects.filter(pk=entry.pk).update(migration_head="an-older-head")

    assert pool_take(schema_name="should_not_exist") is False
    assert not schema_exists("should_not_exist")
    assert pool_discard_stale() == 1
    assert not schema_exists(entry.schema_name)
    assert not PooledSchema.objects.exists()


def test_onboarding_with_an_empty_pool_clones_the_template(tenants, pool_on):
    assert not PooledSchema.objects.exists()
    pool_on.VALMO_SCHEMA_POOL_SIZE = 0  # no refill either: the pool stays empty

    municipality = _onboard("Polvijärvi", "polvijarvi.test.localhost")

    assert schema_exists(municipality.schema_name)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {municipality.schema_name}.django_migrations"  # noqa: S608
        )
        cloned = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM valmo_template.django_migrations")
        assert cloned == cursor.fetchone()[0]
    with schema_context(municipality.schema_name):
        from coaching.models import TaskSector

        assert TaskSector.objects.count() == 8


def test_a_failed_onboarding_returns_the_schema_to_the_pool(tenants, pool_on, monkeypatch):
    import onboarding.services

    schema_pool_refill(size=1)
    entry = PooledSchema.objects.get()

    def broken(**kwargs):
        raise RuntimeError("admin creation failed")

    monkeypatch.setattr(onboarding.services, "user_create", broken)
    with pytest.raises(RuntimeError):
        _onboard("Kontiolahti", "kontiolahti.test.localhost")

    assert PooledSchema.objects.filter(pk=entry.pk).exists()
    assert schema_exists(entry.schema_name)
    assert not schema_exists("kontiolahti")


def test_valmo_migrate_drops_stale_pool_entries_and_refills(tenants, pool_on):
    import io

    from django.core.management import call_command

    schema_pool_refill(size=1)
    stale = PooledSchema.objects.get()
    PooledSchema.objects.filter(pk=stale.pk).update(migration_head="an-older-head")
    out = io.StringIO()

    call_command("valmo_migrate", executor="standard", verbosity=0, stdout=out)

    assert "Schema pool: 1 stale schemas dropped." in out.getvalue()
    assert not schema_exists(stale.schema_name)
    assert PooledSchema.objects.count() == 2


def test_an_entry_seeded_from_other_data_is_not_handed_out(tenants, pool_on):
    from onboarding.pool import pooled_schema_take
    from tenants.schema_pool import pool_key

    schema_pool_refill(size=1)
    PooledSchema.objects.update(migration_head=pool_key("older-seed"))

    assert pooled_schema_take(schema_name="not_taken") is False
    assert schema_pool_refill(size=1) == 1  # the other variant is dropped, a new one cloned
    assert PooledSchema.objects.count() == 1


def test_pool_prefix_is_reserved_for_municipalities():
    from tenants.services import slug_is_reserved

    assert slug_is_reserved("valmo_pool_abc")
