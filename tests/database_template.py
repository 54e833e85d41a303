"""The test database, cloned from a cached, fully built template database.

Building the test database (migrations for the public schema, the tenant template schema and
the two session tenants) is the slowest part of starting the suite, and with pytest-xdist each
worker would do it again. Instead it is built once into ``<test db>_tpl_<fingerprint>`` and
every run and every worker gets a copy with ``CREATE DATABASE ... TEMPLATE``.

The fingerprint covers everything that decides what the built database holds: every
first-party source and data file (models, migrations, the onboarding and seeding code, its
data), this module, the code that adds the session data and the versions of the third-party
apps. Any change there builds a new template (and drops the old one), so a stale template is never
used; ``pytest --create-db`` rebuilds it anyway. Workers of one run (and parallel runs) take
a PostgreSQL advisory lock, so one builds while the others wait and then clone.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import psutil
import psycopg

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIRS = (
    "accounts",
    "api",
    "coaching",
    "competence",
    "onboarding",
    "platform",
    "privacy",
    "tenants",
    "web",
)
SOURCE_SUFFIXES = {".py", ".json", ".sql", ".csv", ".xml", ".yaml", ".yml", ".txt"}
THIRD_PARTY = ("django", "django-tenants", "django-allauth", "djangorestframework")
TEMPLATE_MARK = "_tpl_"
DISCARD_MARK = "_old_"  # a finished run's database, renamed, being dropped in the background


def fingerprint(populate: Callable[[], None]) -> str:
    digest = hashlib.sha256(inspect.getsource(populate).encode())
    files = [Path(__file__).resolve()]
    for directory in SOURCE_DIRS:
        files += [
            path
            for path in (ROOT / directory).rglob("*")
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts
        ]
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in THIRD_PARTY:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()[:12]


def _server(settings_dict: dict) -> dict:
    return {key.lower(): settings_dict[key] or None for key in ("HOST", "PORT", "USER", "PASSWORD")}


def _maintenance(settings_dict: dict):
    return psycopg.connect(**_server(settings_dict), dbname="postgres", autocommit=True)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _drop(admin, name: str) -> None:
    # Without FORCE: a second run on the same database fails here instead of cutting off the
    # connections of a run in progress.
    admin.execute(f"DROP DATABASE IF EXISTS {_quoted(name)}")


def setup(*, populate: Callable[[], None], rebuild: bool, verbosity: int) -> tuple[str, str]:
    """Clone the template into this process's test database, building the template first when
    it is missing; ``populate`` adds the session data to a freshly migrated database.

    Returns (original database name, test database name) for ``teardown``.
    """
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    settings_dict = connection.settings_dict
    original_name = settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = test_name.removesuffix(f"_{worker}") if worker else test_name
    template = f"{base[:40]}{TEMPLATE_MARK}{fingerprint(populate)}"
    build = f"{template}_build"
    lock = int.from_bytes(hashlib.sha256(base.encode()).digest()[:8], "big", signed=True)

    with _maintenance(settings_dict) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", [lock])
        try:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [template]
            ).fetchone()
            if rebuild or not exists:
                if verbosity:
                    print(f"\nBuilding the test database template {template} ...")  # noqa: T201
                _drop(admin, template)
                settings_dict["TEST"]["NAME"] = build
                connection.creation.create_test_db(
                    verbosity=max(verbosity - 1, 0), autoclobber=True, serialize=False
                )
                populate()
                connections.close_all()
                admin.execute(f"ALTER DATABASE {_quoted(build)} RENAME TO {_quoted(template)}")
                stale = admin.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                    [base[:40].replace("_", r"\_") + r"\_tpl\_%", template],
                ).fetchall()
                for (name,) in stale:
                    _drop(admin, name)
            _drop_discarded(admin, base)
            _drop(admin, test_name)
            admin.execute(f"CREATE DATABASE {_quoted(test_name)} TEMPLATE {_quoted(template)}")
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [lock])

    connection.close()
    settings_dict["TEST"]["NAME"] = test_name
    settings_dict["NAME"] = test_name
    settings.DATABASES["default"]["NAME"] = test_name
    connection.ensure_connection()
    return original_name, test_name


def teardown(original_name: str, test_name: str, *, keep: bool) -> None:
    """Put the test database aside (a rename, instant) and drop it in a process of its own.

    Dropping a database makes PostgreSQL write a checkpoint, seconds on a busy machine, and it
    came at the very end of every worker; the run need not wait for it.
    """
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    connection = connections["default"]
    settings_dict = connection.settings_dict
    settings_dict["NAME"] = original_name
    settings.DATABASES["default"]["NAME"] = original_name
    if keep:
        return
    discarded = f"{test_name[:40]}{DISCARD_MARK}{os.getpid()}"
    with _maintenance(settings_dict) as admin:
        _drop(admin, discarded)
        _when_released(
            admin,
            test_name,
            lambda: admin.execute(
                f"ALTER DATABASE {_quoted(test_name)} RENAME TO {_quoted(discarded)}"
            ),
        )
    subprocess.Popen(
        [sys.executable, "-m", "tests.database_template", discarded],
        cwd=ROOT,
        env={**os.environ, "VALMO_TEST_DB_SERVER": json.dumps(_server(settings_dict))},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _drop_discarded(admin, base: str) -> None:
    """Drop databases put aside by earlier runs whose background drop did not finish."""
    pattern = base[:40].replace("_", r"\_") + "%" + DISCARD_MARK.replace("_", r"\_") + "%"
    for (name,) in admin.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern]
    ).fetchall():
        pid = name.rpartition(DISCARD_MARK)[2]
        if pid.isdigit() and psutil.pid_exists(int(pid)):
            continue  # that run is still finishing
        try:
            _drop(admin, name)
        except psycopg.Error:
            continue  # its own background drop is still at work


def _when_released(admin, name: str, action: Callable[[], object], *, seconds: float = 10.0):
    """Run ``action`` (a drop or a rename of the database) once the database is free.

    Two kinds of connections linger: the backend of a child process killed at the end of the
    session exits a moment after its socket closes, and Django keeps one connection per
    context, so ORM calls made inside Playwright's greenlets leave connections
    ``close_all()`` in the main context does not see. Backends whose client socket belongs to
    this process are ended at once (they are ours and idle: the session is over); the others
    get ``seconds`` to go away by themselves; another run's connections are never touched.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except psycopg.errors.ObjectInUse:
            holders = admin.execute(
                "SELECT pid, client_port FROM pg_stat_activity WHERE datname = %s", [name]
            ).fetchall()
            own = _own_client_ports()
            mine = [pid for pid, port in holders if port in own]
            for pid in mine:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
            if len(mine) < len(holders):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} is still in use by {holders}") from None
                time.sleep(0.1)
            else:
                time.sleep(0.02)  # a terminated backend takes a moment to exit


def _own_client_ports() -> set[int]:
    """Local TCP ports of this process's sockets; -1 (a Unix socket) only for the embedded
    database, which belongs to this checkout alone."""
    ports = {conn.laddr.port for conn in psutil.Process().net_connections(kind="tcp")}
    if not os.environ.get("DATABASE_URL"):
        ports.add(-1)
    return ports


if __name__ == "__main__":  # the background drop started by ``teardown``
    with psycopg.connect(
        **json.loads(os.environ["VALMO_TEST_DB_SERVER"]), dbname="postgres", autocommit=True
    ) as _admin:
        _drop(_admin, sys.argv[1])
