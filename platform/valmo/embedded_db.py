"""Embedded PostgreSQL (pgserver) for machines without a database server.

Used only when ``DATABASE_URL`` is unset. Every process that needs the database holds a
pgserver handle; the server stops when the last handle is released, so ``make run`` and
``make test`` leave nothing running behind them.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

DEFAULT_DB_NAME = "valmo"


def var_dir() -> Path:
    base = os.environ.get("VALMO_VAR_DIR") or Path(__file__).resolve().parents[2] / "var"
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def embedded_database_settings(db_name: str = DEFAULT_DB_NAME) -> dict[str, object]:
    """Start (or attach to) the embedded server and return Django ``DATABASES['default']``."""
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    pgdata = var_dir() / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    forget_dead_handles(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    uri = urlparse(server.get_uri())
    host = parse_qs(uri.query).get("host", [str(pgdata)])[0]
    _ensure_database(host, db_name)
    return {
        "NAME": db_name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": "",
    }


def forget_dead_handles(pgdata: Path) -> None:
    """Drop handles of processes that died without cleaning up (kill -9, power loss).

    pgserver stops the server when the last handle is released; a stale handle would keep it
    running forever after the next clean Ctrl-C.
    """
    import json

    import psutil
    from pgserver.postgres_server import PostgresServer

    handles = pgdata / ".handle_pids.json"
    with PostgresServer._lock:
        if not handles.exists():
            return
        pids = json.loads(handles.read_text() or "[]")
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _ensure_database(host: str, db_name: str) -> None:
    import psycopg

    with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db_name}"')
