"""With DATABASE_URL unset Valmo starts its own PostgreSQL (pgserver) and stops it after."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def test_embedded_postgres_bootstrap():
    with tempfile.TemporaryDirectory(prefix="valmo-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["VALMO_VAR_DIR"] = var_dir
        code = (
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            "    c.execute('SELECT version()')\n"
            "    print(c.fetchone()[0])\n"
        )
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert out.returncode == 0, out.stderr
        assert "PostgreSQL 16." in out.stdout, out.stdout
        assert (Path(var_dir) / "pgdata" / "PG_VERSION").read_text().strip() == "16"
        # The last handle stopped the server on exit.
        assert not (Path(var_dir) / "pgdata" / "postmaster.pid").exists()
