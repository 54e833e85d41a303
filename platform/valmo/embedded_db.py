"""Embedded PostgreSQL (pgserver) for machines without a database server.

Used only when ``DATABASE_URL`` is unset. Two ways to hold the server:

- ``make run`` (``scripts/run.py``) owns it: ``server_start`` starts or reuses the server and
  ``server_stop`` stops it and waits until it is gone. The web server and the worker it starts
  get a ``DATABASE_URL`` pointing at the server's socket and never touch pgserver themselves.
- Any other process (``manage.py shell``, pytest without ``DATABASE_URL``) takes a pgserver
  handle through ``embedded_database_settings``; the server stops when the last handle is
  released.

pgserver keeps its handles as a JSON list of pids in ``pgdata/.handle_pids.json`` and rewrites
it in place, so a process interrupted mid-write left an empty file that made every later start
crash with ``JSONDecodeError``. The file is read leniently and written atomically here, and
dead pids are dropped before each use.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

DEFAULT_DB_NAME = "valmo"
HANDLES_FILE = ".handle_pids.json"
_STOP_TIMEOUT = 30.0


def var_dir() -> Path:
    base = os.environ.get("VALMO_VAR_DIR") or Path(__file__).resolve().parents[2] / "var"
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def pgdata_dir() -> Path:
    return var_dir() / "pgdata"


# --- pgserver's handle file -------------------------------------------------------------------


def handles_read(pgdata: Path) -> list[int]:
    """The pids in the handle file; an empty, truncated or foreign file counts as no handles."""
    try:
        values = json.loads((pgdata / HANDLES_FILE).read_text() or "[]")
    except (OSError, ValueError):
        return []
    if not isinstance(values, list):
        return []
    return [value for value in values if isinstance(value, int) and not isinstance(value, bool)]


def handles_write(pgdata: Path, pids: list[int]) -> None:
    """Replace the handle file in one step, so an interrupted write never leaves it broken."""
    path = pgdata / HANDLES_FILE
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(pids))
    os.replace(tmp, path)


def handles_repair(pgdata: Path) -> list[int]:
    """Drop pids of processes that are gone and rewrite a broken file; return the live pids.

    A handle left by a process that died without cleaning up (kill -9, power loss) would keep
    the server running after the last real holder exits.
    """
    import psutil

    path = pgdata / HANDLES_FILE
    if not path.exists():
        return []
    pids = handles_read(pgdata)
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    try:
        raw = path.read_text()
    except OSError:
        raw = ""
    if raw != json.dumps(alive):
        handles_write(pgdata, alive)
    return alive


def _pgserver():
    """Import pgserver with its handle list made lenient and atomic (see the module docstring)."""
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver
    from pgserver import postgres_server, utils

    if not getattr(postgres_server.DiskList, "_valmo_safe", False):

        class SafeDiskList(utils.DiskList):
            _valmo_safe = True

            def get(self) -> list[int]:
                return handles_read(self.path.parent) if self.path.name == HANDLES_FILE else []

            def put(self, values: list[int]) -> None:
                handles_write(self.path.parent, values)

        postgres_server.DiskList = SafeDiskList
    return pgserver


# --- The server process -----------------------------------------------------------------------


@dataclass(frozen=True)
class Postmaster:
    """What ``postmaster.pid`` says about a server running on a data directory."""

    pid: int
    socket_dir: str
    port: int
    status: str


def postmaster_read(pgdata: Path) -> Postmaster | None:
    """Parse ``postmaster.pid``; None when it is missing or unreadable."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None

    def line(index: int) -> str:
        return lines[index].strip() if len(lines) > index else ""

    port = line(3)
    return Postmaster(
        pid=pid,
        socket_dir=line(4),
        port=int(port) if port.isdigit() else 5432,
        status=line(7),
    )


def _is_server_of(proc, pgdata: Path) -> bool:
    """True when ``proc`` is a postgres server whose data directory is ``pgdata``."""
    import psutil

    try:
        if not proc.name().startswith("postgres"):
            return False
        cmdline = proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False
    return str(pgdata) in cmdline or str(pgdata.resolve()) in cmdline


def server_processes(pgdata: Path) -> list:
    """Running postmasters on ``pgdata``: the one ``postmaster.pid`` names, else any found.

    A server whose ``postmaster.pid`` was removed (or never read) is still found by its command
    line, so a stray server from an earlier run cannot hide.
    """
    import psutil

    pgdata = pgdata.resolve()
    info = postmaster_read(pgdata)
    if info is not None:
        try:
            proc = psutil.Process(info.pid)
        except psutil.NoSuchProcess:
            proc = None
        if proc is not None and _is_server_of(proc, pgdata):
            return [proc]
    found = []
    for proc in psutil.process_iter(["name"]):
        if (proc.info["name"] or "").startswith("postgres") and _is_server_of(proc, pgdata):
            try:
                parent = proc.parent()
            except psutil.Error:
                parent = None
            # Only postmasters, not their backends (whose parent is the postmaster).
            if parent is None or not _is_server_of(parent, pgdata):
                found.append(proc)
    return found


def _prepare_new(pgdata: Path) -> None:
    """Before initdb (no PG_VERSION yet): the directory must be empty.

    Handle files may be there already; anything else is the rest of an initdb that was
    killed, which holds no data: it is moved aside rather than deleted, and reported.
    """
    if (pgdata / "PG_VERSION").exists() or not pgdata.exists():
        return
    for leftover in pgdata.glob(f"{HANDLES_FILE}*"):
        leftover.unlink(missing_ok=True)
    if any(pgdata.iterdir()):
        aside = pgdata.with_name(f"{pgdata.name}.incomplete-{int(time.time())}")
        pgdata.rename(aside)
        pgdata.mkdir()
        logging.getLogger(__name__).warning("Moved an incomplete data directory aside: %s", aside)


def _system_user() -> str | None:
    """pgserver runs postgres as the OS user ``pgserver`` when started as root."""
    return "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


def _prepare_stray(pgdata: Path) -> None:
    """Make a start possible: wait out a server starting or stopping; drop a stale pid file.

    A running, ready server is left alone: pgserver reuses it.
    """
    deadline = time.monotonic() + _STOP_TIMEOUT
    for _attempt in range(int(_STOP_TIMEOUT / 0.2) + 3):
        procs = server_processes(pgdata)
        info = postmaster_read(pgdata)
        if not procs:
            if info is not None:
                # The postmaster named in the file is gone: a stale lock file. postgres would
                # usually cope, but not when its pid has been reused by another process.
                (pgdata / "postmaster.pid").unlink(missing_ok=True)
            return
        if info is not None and info.pid == procs[0].pid and info.status == "ready":
            return
        if time.monotonic() > deadline or info is None:
            # A server we cannot connect to (no pid file) or one stuck starting/stopping.
            for proc in procs:
                _postmaster_terminate(proc)
            continue
        time.sleep(0.2)
    raise RuntimeError(f"A PostgreSQL server on {pgdata} could not be stopped; stop it by hand.")


def _postmaster_terminate(proc, timeout: float = 10.0) -> None:
    """Stop a postmaster by signal: fast shutdown, then SIGKILL for it and its backends."""
    import psutil

    try:
        children = proc.children(recursive=True)
        proc.send_signal(signal.SIGINT)  # postgres: fast shutdown
        proc.wait(timeout)
    except psutil.NoSuchProcess:
        return
    except psutil.TimeoutExpired:
        for victim in [proc, *children]:
            with contextlib.suppress(psutil.NoSuchProcess):
                victim.kill()
        psutil.wait_procs([proc, *children], timeout=5)


@dataclass(frozen=True)
class EmbeddedServer:
    pgdata: Path
    host: str  # socket directory
    port: int
    reused: bool

    def url(self, db_name: str = DEFAULT_DB_NAME) -> str:
        """``DATABASE_URL`` for processes that should connect without a pgserver handle."""
        netloc = "postgres@" if self.port == 5432 else f"postgres@:{self.port}"
        return f"postgres://{netloc}/{db_name}?host={quote(self.host, safe='/')}"


def server_start(pgdata: Path | None = None, db_name: str = DEFAULT_DB_NAME) -> EmbeddedServer:
    """Start the embedded server, or reuse one already running on ``pgdata``; hold a handle.

    The caller stops it with ``server_stop``; pgserver's own exit hook leaves it running
    (``cleanup_mode=None``) so that stopping happens once, in a known order.
    """
    pgdata = (pgdata or pgdata_dir()).resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    handles_repair(pgdata)
    _prepare_stray(pgdata)
    _prepare_new(pgdata)
    reused = bool(server_processes(pgdata))
    pgserver = _pgserver()
    # pgserver caches one handle per directory; after a server_stop that handle is stale.
    pgserver.postgres_server.PostgresServer._instances.pop(pgdata, None)
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    info = server.get_postmaster_info()
    host = str(info.socket_dir) if info.socket_dir else str(pgdata)
    port = info.port or 5432
    _ensure_database(host, db_name, port)
    return EmbeddedServer(pgdata=pgdata, host=host, port=port, reused=reused)


def server_stop(pgdata: Path | None = None, timeout: float = _STOP_TIMEOUT) -> bool:
    """Release this process's handle and stop the server unless another live process holds one.

    Waits until the postmaster has exited. Returns True when no server runs on ``pgdata`` after.
    """
    pgdata = (pgdata or pgdata_dir()).resolve()
    others = [pid for pid in handles_repair(pgdata) if pid != os.getpid()]
    if (pgdata / HANDLES_FILE).exists():
        handles_write(pgdata, others)
    if others:
        return False
    procs = server_processes(pgdata)
    if not procs:
        return True
    pg_ctl = Path(_pgserver().postgres_server.POSTGRES_BIN_PATH) / "pg_ctl"
    with contextlib.suppress(subprocess.SubprocessError, OSError):  # then by signal, below
        subprocess.run(  # noqa: S603 - pgserver's own pg_ctl, fixed arguments
            [str(pg_ctl), "-D", str(pgdata), "-m", "fast", "-w", "-t", str(int(timeout)), "stop"],
            check=True,
            capture_output=True,
            timeout=timeout + 5,
            user=_system_user(),
        )
    for proc in server_processes(pgdata) or procs:
        _postmaster_terminate(proc)
    return not server_processes(pgdata)


def embedded_database_settings(db_name: str = DEFAULT_DB_NAME) -> dict[str, object]:
    """Start (or attach to) the embedded server and return Django ``DATABASES['default']``.

    This process holds a pgserver handle until it exits; the last handle stops the server.
    """
    pgdata = pgdata_dir().resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    handles_repair(pgdata)
    _prepare_stray(pgdata)
    _prepare_new(pgdata)
    server = _pgserver().get_server(pgdata, cleanup_mode="stop")
    uri = urlparse(server.get_uri())
    host = parse_qs(uri.query).get("host", [str(pgdata)])[0]
    port = server.get_postmaster_info().port or 5432
    _ensure_database(host, db_name, port)
    return {
        "NAME": db_name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": host,
        "PORT": str(port) if port != 5432 else "",
    }


def _ensure_database(host: str, db_name: str, port: int = 5432) -> None:
    import psycopg

    with psycopg.connect(
        host=host, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db_name}"')
