"""The container's processes, run here without Docker: gunicorn with the image's config answers
the image's health check in production mode, and the release command is a fast no-op on a
current database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    if s["HOST"].startswith("/"):
        return f"postgresql://{auth}@/{s['NAME']}?host={s['HOST']}"
    return f"postgresql://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def container_env(tmp_path, free_port):
    """The environment an ECS task gets, pointed at the test database (its public host)."""
    return {
        **os.environ,
        "VALMO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "valmo.settings",
        "SECRET_KEY": "test-only-" + "x" * 40,
        "VALMO_BASE_DOMAIN": "localhost",
        "DATABASE_URL": _database_url(),
        "VALMO_VAR_DIR": str(tmp_path),
        "PORT": str(free_port()),
        "GUNICORN_WORKERS": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    }


def _healthcheck(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "infra" / "docker" / "healthcheck.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_gunicorn_with_the_image_config_passes_the_image_health_check(tenants, container_env):
    assert _healthcheck(container_env).returncode == 1, "nothing listens yet: unhealthy"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [
            str(gunicorn),
            "--config",
            str(ROOT / "infra" / "docker" / "gunicorn.conf.py"),
            "valmo.wsgi:application",
        ],
        cwd=ROOT,
        env=container_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        result = _healthcheck(container_env)
        while result.returncode != 0 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
            result = _healthcheck(container_env)
        assert result.returncode == 0, result.stderr
        # The load balancer's liveness check: Host is the task's IP, unknown to Django.
        liveness = urllib.request.Request(
            f"http://127.0.0.1:{container_env['PORT']}/healthz",
            headers={"Host": f"10.40.11.23:{container_env['PORT']}"},
        )
        with urllib.request.urlopen(liveness, timeout=10) as response:  # noqa: S310
            assert (response.status, response.read()) == (200, b"ok")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert proc.returncode == 0, output  # a clean stop on SIGTERM, as ECS sends it
    assert '"GET /health/ HTTP/1.1" 200' in output


def test_release_on_a_current_database_only_checks_and_collects(tenants, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    out = io.StringIO()

    started = time.perf_counter()
    call_command("valmo_release", executor="standard", verbosity=0, stdout=out)
    seconds = time.perf_counter() - started

    lines = out.getvalue().splitlines()
    assert "Every schema is at the latest migration." in lines
    assert "Template schema migrated." not in lines
    assert not any(line.startswith("Migrated ") for line in lines)
    assert lines[-1].startswith("Release done in ")
    assert (tmp_path / "static" / "npm" / "hds-core" / "lib" / "base.min.css").is_file()
    assert seconds < 60


def test_release_without_static_leaves_static_root_alone(tenants, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"

    call_command(
        "valmo_release", no_static=True, executor="standard", verbosity=0, stdout=io.StringIO()
    )

    assert not (tmp_path / "static").exists()


def test_with_the_environments_key_every_object_is_written_with_sse_kms(container_env):
    """ECS sets AWS_S3_KMS_KEY_ID (infra/terraform/modules/ecs); the storage then asks S3 for
    that key on every write, instead of S3-managed keys."""
    key = "arn:aws:kms:eu-north-1:123456789012:key/0a1b2c3d-0000-4000-8000-000000000000"
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']['OPTIONS']['object_parameters']))"
    )
    env = {**container_env, "AWS_STORAGE_BUCKET_NAME": "valmo-test-files"}
    results = {}
    for name, extra in (("kms", {"AWS_S3_KMS_KEY_ID": key}), ("default", {})):
        run = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        results[name] = run.stdout.strip().splitlines()[-1]
    assert results["kms"] == f'{{"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "{key}"}}'
    assert results["default"] == '{"ServerSideEncryption": "AES256"}'
