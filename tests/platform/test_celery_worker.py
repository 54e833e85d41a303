"""A task sent from a municipality runs in that municipality's schema on a real worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from valmo.celery import app
from valmo.tasks import ping

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _database_url() -> str:
    s = connection.settings_dict
    host = s["HOST"]
    if host.startswith("/"):
        return f"postgresql://{s['USER']}@/{s['NAME']}?host={host}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, django_db_blocker):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "valmo.settings_test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "valmo",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "2",
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield proc
    app.conf.task_always_eager = eager
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_task_runs_in_the_senders_schema(tenants, celery_worker):
    started = time.monotonic()
    with schema_context(tenants.a.schema_name):
        result_a = ping.delay()
    with schema_context(tenants.b.schema_name):
        result_b = ping.delay()

    assert result_a.get(timeout=60) == {"schema": "test_a", "tenant": "Testikunta A"}
    assert result_b.get(timeout=60) == {"schema": "test_b", "tenant": "Testikunta B"}
    assert celery_worker.poll() is None, "worker died"
    assert time.monotonic() - started < 120


def test_fan_out_reaches_every_active_tenant(tenants, celery_worker):
    from tenants.fanout import fan_out_to_tenants
    from tenants.models import Municipality

    queued = fan_out_to_tenants(ping)
    expected = set(
        Municipality.objects.filter(is_active=True)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    )
    assert set(queued) == expected
    assert {"test_a", "test_b"} <= expected
