"""Production settings: ``check --deploy`` is clean and missing secrets fail fast."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration

PRODUCTION_ENV = {
    "VALMO_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-only-" + "x9Q!" * 10,
    "VALMO_BASE_DOMAIN": "valmo.example.fi",
    "DATABASE_URL": "postgres://valmo:secret@127.0.0.1:1/valmo",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "DJANGO_SETTINGS_MODULE": "valmo.settings",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_variables():
    out = _manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**os.environ, **PRODUCTION_ENV}
    )

    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues (0 silenced)." in out.stdout


def test_production_without_secret_key_fails_fast():
    env = {**os.environ, **PRODUCTION_ENV}
    del env["SECRET_KEY"]

    out = _manage("check", env=env)

    assert out.returncode != 0
    assert "Environment variable SECRET_KEY is required in production." in out.stderr
