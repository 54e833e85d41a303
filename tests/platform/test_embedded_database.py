"""With DATABASE_URL unset Valmo starts its own PostgreSQL (pgserver) and stops it after.

The broken handle file and the stray server are the two ways an interrupted ``make run`` used
to leave the next start crashing or the old server running.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from valmo import embedded_db
from valmo.embedded_db import (
    HANDLES_FILE,
    handles_read,
    handles_repair,
    server_processes,
    server_start,
    server_stop,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def _env_without_database(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["VALMO_VAR_DIR"] = str(var_dir)
    return env


@pytest.fixture(scope="module")
def pgdata(tmp_path_factory):
    """One initialised data directory for the module (initdb is the slow part)."""
    path = tmp_path_factory.mktemp("valmo-pg") / "pgdata"
    server_start(path)
    assert server_stop(path)
    yield path
    server_stop(path)


def _assert_no_server(pgdata: Path) -> None:
    assert server_processes(pgdata) == []
    assert not (pgdata / "postmaster.pid").exists()


@pytest.mark.parametrize("content", ["", "[12", "{}", "null", '["x", true]'])
def test_broken_handle_file_reads_as_no_handles(tmp_path, content):
    (tmp_path / HANDLES_FILE).write_text(content)

    assert handles_read(tmp_path) == []
    assert handles_repair(tmp_path) == []
    assert json.loads((tmp_path / HANDLES_FILE).read_text()) == []


def test_repair_keeps_live_pids_and_drops_dead_ones(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / HANDLES_FILE).write_text(json.dumps([os.getpid(), dead.pid]))

    assert handles_repair(tmp_path) == [os.getpid()]
    assert json.loads((tmp_path / HANDLES_FILE).read_text()) == [os.getpid()]


def test_start_and_stop_with_an_empty_handle_file(pgdata):
    """The crash after an interrupted run: pgserver's JSONDecodeError on an empty file."""
    (pgdata / HANDLES_FILE).write_text("")

    server = server_start(pgdata)
    try:
        assert server_processes(pgdata)
        assert os.getpid() in handles_read(pgdata)
        import psycopg

        with psycopg.connect(host=server.host, user="postgres", dbname="valmo") as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        assert server_stop(pgdata)
    _assert_no_server(pgdata)
    assert os.getpid() not in handles_read(pgdata)


def _start_stray(pgdata: Path) -> int:
    """A server left behind by a process that exited without stopping it."""
    pg_ctl = Path(embedded_db._pgserver().postgres_server.POSTGRES_BIN_PATH) / "pg_ctl"
    options = ["-o", '-h ""', "-o", f"-k {pgdata}", "-l", str(pgdata / "log")]
    subprocess.run(
        [str(pg_ctl), "-D", str(pgdata), "-w", *options, "start"],
        check=True,
        capture_output=True,
        timeout=60,
        user=embedded_db._system_user(),
    )
    procs = server_processes(pgdata)
    assert len(procs) == 1
    return procs[0].pid


def test_stray_server_is_reused_then_stopped(pgdata):
    stray = _start_stray(pgdata)
    (pgdata / HANDLES_FILE).write_text("[999999")  # and a broken handle file beside it

    server = server_start(pgdata)
    assert server.reused
    assert [p.pid for p in server_processes(pgdata)] == [stray]
    assert server_stop(pgdata)
    assert not psutil.pid_exists(stray)
    _assert_no_server(pgdata)


def test_stray_server_without_pid_file_is_found_and_stopped(pgdata):
    stray = _start_stray(pgdata)
    (pgdata / "postmaster.pid").unlink()  # nothing tells where it listens

    assert [p.pid for p in server_processes(pgdata)] == [stray]
    server = server_start(pgdata)  # stops the stray and starts a server of its own
    assert not server.reused
    assert not psutil.pid_exists(stray)
    assert server_stop(pgdata)
    _assert_no_server(pgdata)


def test_stale_pid_file_of_another_process_is_ignored(pgdata):
    """postmaster.pid naming a live pid that is not postgres (the pid was reused)."""
    stale = f"{os.getpid()}\n{pgdata}\n1700000000\n5432\n{pgdata}\n\n  1  2\nready   \n"
    (pgdata / "postmaster.pid").write_text(stale)

    assert server_processes(pgdata) == []
    server = server_start(pgdata)
    try:
        assert not server.reused
        assert server_processes(pgdata)[0].pid != os.getpid()
    finally:
        assert server_stop(pgdata)
    _assert_no_server(pgdata)


def test_stop_leaves_the_server_to_another_live_holder(pgdata):
    server_start(pgdata)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        embedded_db.handles_write(pgdata, [*handles_read(pgdata), other.pid])
        assert not server_stop(pgdata)  # the other holder still needs it
        assert server_processes(pgdata)
    finally:
        other.kill()
        other.wait()
    assert server_stop(pgdata)  # the holder is gone: now it stops
    _assert_no_server(pgdata)


def test_new_directory_with_only_a_broken_handle_file_is_initialised(tmp_path):
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / HANDLES_FILE).write_text("")

    server_start(pgdata)
    assert (pgdata / "PG_VERSION").read_text().strip() == "16"
    assert server_stop(pgdata)
    _assert_no_server(pgdata)


def test_embedded_postgres_bootstrap(pgdata):
    """A plain manage.py process holds a handle; the last handle stops the server on exit."""
    (pgdata / HANDLES_FILE).write_text("")
    tmp_path = pgdata.parent
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT version()')\n"
        "    print(c.fetchone()[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env_without_database(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "PostgreSQL 16." in out.stdout, out.stdout
    _assert_no_server(pgdata)
