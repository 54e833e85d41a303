"""Start Django for a benchmark against its own embedded database (var/bench) by default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "valmo.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("VALMO_VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.schema_template import template_schema_sync

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    template_schema_sync()


def manage_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)])}
