"""The benchmarking fan-out through a real Celery worker (committed rows: the worker sees them)."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from tests.conftest import user_create
from tests.platform.test_celery_worker import celery_worker  # noqa: F401  (a fixture)

# No test transaction: the worker must see the rows, so they are committed (and undone).
pytestmark = [pytest.mark.integration]


@pytest.fixture
def participating(tenants, django_db_blocker):
    """Both session municipalities take part; committed, and undone afterwards."""
    from benchmarking.models import Participation
    from benchmarking.services import participation_set

    admins = []
    with django_db_blocker.unblock():
        for tenant in (tenants.a, tenants.b):
            admin = user_create(tenant, role="tenant_admin")
            participation_set(actor=admin, participates=True)
            admins.append((tenant, admin))
        connection.set_schema_to_public()
    yield
    with django_db_blocker.unblock():
        for tenant, admin in admins:
            connection.set_tenant(tenant)
            admin.delete()
        connection.set_schema_to_public()
        Participation.objects.filter(municipality__in=[tenants.a, tenants.b]).update(
            participates=False
        )


def test_a_run_fans_out_to_every_participating_municipality(
    tenants,
    participating,
    celery_worker,  # noqa: F811 (the imported fixture)
    django_db_blocker,
):
    from benchmarking.models import Run, RunMunicipality, Snapshot
    from benchmarking.tasks import run_all

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        # Sent to the broker like the beat entry does; it queues the municipalities on commit.
        run_id = run_all.delay(years=[2026]).get(timeout=60)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run = Run.objects.get(pk=run_id)
            if run.finished_at is not None:
                break
            time.sleep(0.3)
        statuses = dict(
            RunMunicipality.objects.filter(run_id=run_id).values_list(
                "municipality__schema_name", "status"
            )
        )
        snapshots = set(
            Snapshot.objects.filter(run_id=run_id).values_list(
                "municipality__schema_name", flat=True
            )
        )
    assert celery_worker.poll() is None, "worker died"
    assert run.finished_at is not None, statuses
    # The test database may hold other municipalities that chose to take part (the demo's and
    # the browser journeys', committed by earlier tests on this worker): each is done too.
    assert {"test_a": "done", "test_b": "done"}.items() <= statuses.items()
    assert set(statuses.values()) == {"done"}
    assert snapshots == set(statuses)
    assert run.status == Run.Status.DONE
