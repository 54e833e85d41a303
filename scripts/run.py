"""Set up and run Valmo with demo municipalities: web server and Celery worker.

    .venv/bin/python scripts/run.py [--port 8000] [--no-demo]

This process owns everything it starts: the embedded PostgreSQL (when ``DATABASE_URL`` is
unset), the web server (a thread of this process) and the Celery worker. The worker runs in a
session of its own and reaches the database through ``DATABASE_URL``, so Ctrl-C in the
terminal (SIGINT) or SIGTERM reaches only this process, and only this process handles the
database. It then stops the web server, the worker and the database in that order and waits
for each. That is the one signal path: a second Ctrl-C while stopping is ignored rather than
cutting the clean-up short. Strays of a run that was killed hard are stopped at the next start.

Each step prints one line. Work that is already done is skipped, so a later start is quick:
migrations run only when some schema is behind the migration graph, translations compile
only when a catalogue changed, and the demo command is fast when its data exists.
``VALMO_DEMO=0`` (or ``--no-demo``) skips the demo data step.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "valmo.settings")
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

CHILDREN_FILE = "run-children.json"  # under the var dir: pids to clean up after a hard kill
_stopping = False


class Stop(BaseException):
    """Raised in the main thread by the first SIGINT/SIGTERM (like KeyboardInterrupt)."""


def _on_signal(signum, frame):
    global _stopping
    if _stopping:
        return  # already stopping: never interrupt the clean-up
    _stopping = True
    raise Stop


def step(name: str, message: str, started: float | None = None) -> None:
    took = f" ({time.monotonic() - started:.1f} s)" if started is not None else ""
    print(f"==> {name}: {message}{took}", flush=True)


# --- Children ---------------------------------------------------------------------------------


def _parent_death_signal():
    """Linux's prctl(PR_SET_PDEATHSIG), prepared here: nothing may be imported after fork."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return lambda: prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


_die_with_parent = _parent_death_signal()


def _child_setup(niceness: int = 0) -> None:  # runs in the child between fork and exec
    """Own session (no terminal signals); on Linux, also stop when this process dies."""
    os.setsid()
    if niceness:
        os.nice(niceness)
    if _die_with_parent is not None:
        _die_with_parent()


def child_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        "PYTHONUNBUFFERED": "1",
    }


def spawn(args: list[str], *, niceness: int = 0) -> subprocess.Popen:
    """A child in a session of its own (no terminal signals) that stops when this one dies."""
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: _child_setup(niceness),  # no threads run yet (web starts later)
    )


def children_record(var: Path, procs: list[subprocess.Popen]) -> None:
    import psutil

    entries = []
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            entries.append({"pid": proc.pid, "created": psutil.Process(proc.pid).create_time()})
    (var / CHILDREN_FILE).write_text(json.dumps(entries))


def children_reap_strays(var: Path) -> int:
    """Stop a worker left by a run that was killed hard (kill -9; Linux stops it by itself)."""
    import psutil

    path = var / CHILDREN_FILE
    try:
        entries = json.loads(path.read_text())
    except (OSError, ValueError):
        entries = []
    stopped = 0
    for entry in entries if isinstance(entries, list) else []:
        try:
            proc = psutil.Process(int(entry["pid"]))
            if abs(proc.create_time() - float(entry["created"])) > 0.01:
                continue  # the pid now belongs to another process
            group = os.getpgid(proc.pid)
            os.killpg(group, signal.SIGTERM)
            try:
                proc.wait(10)
            except psutil.TimeoutExpired:
                os.killpg(group, signal.SIGKILL)
            stopped += 1
        except (psutil.Error, OSError, KeyError, TypeError, ValueError):
            continue
    path.unlink(missing_ok=True)
    return stopped


def child_stop(proc: subprocess.Popen, sig: int, timeout: float) -> None:
    """Signal the child itself, wait for it, then make sure nothing of its session is left."""
    if proc.poll() is None:
        try:
            proc.send_signal(sig)
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers such as pool processes
    proc.wait()


# --- Steps ------------------------------------------------------------------------------------


def migrations_behind() -> list[str]:
    """Schemas behind the migration graph (``tenants.migration_state``)."""
    from tenants.migration_state import migrations_behind as behind

    return behind()


def database_is_new() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.django_migrations') IS NULL")
        return bool(cursor.fetchone()[0])


def migrate_new_database() -> None:
    """Migrate the public schema and the clone template side by side, for a new database.

    Migrating is mostly Python work (Django renders the model state at every migration), so
    the two schemas each take a core: the public schema in a child process, the template
    here. The template's tables refer to the public qualification tables, which are made
    first; should the template need another public table that is not there yet, it finishes
    after the public schema (its applied migrations are kept).
    """
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from tenants.schema_template import template_schema_sync

    call_command("migrate_schemas", "qualifications", shared=True, interactive=False, verbosity=0)
    public = spawn([sys.executable, "manage.py", "migrate_schemas", "--shared", "--noinput", "-v0"])
    try:
        try:
            template_schema_sync()
        except DatabaseError:
            if public.wait() != 0:
                raise
            connection.close()
            template_schema_sync()
        if public.wait() != 0:
            raise RuntimeError(f"migrating the public schema failed (status {public.returncode})")
    finally:
        if public.poll() is None:
            public.terminate()
            public.wait()


def demo_ensure(port: int) -> str:
    """Run ``valmo_demo`` with the real port and return what it printed (URLs and logins)."""
    from django.core.management import call_command, get_commands, load_command_class

    command = load_command_class(get_commands()["valmo_demo"], "valmo_demo")
    parser = command.create_parser("manage.py", "valmo_demo")
    options = {"port": port} if any("--port" in a.option_strings for a in parser._actions) else {}
    out = io.StringIO()
    call_command("valmo_demo", stdout=out, **options)
    return out.getvalue()


def demo_url(port: int) -> tuple[str, str]:
    """(host, URL) of the first demo municipality, else of the public site."""
    from tenants.models import Domain

    domain = (
        Domain.objects.filter(is_primary=True)
        .exclude(tenant__schema_name="public")
        .order_by("tenant_id")
        .values_list("domain", flat=True)
        .first()
    ) or "localhost"
    return domain, f"http://{domain}:{port}/"


def web_start(port: int):
    """Serve Valmo from this process (as ``runserver --noreload`` does) in a thread.

    The process has already imported and set up everything, so serving here saves a second
    start-up of Django, and leaves one process fewer to stop.
    """
    import threading

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import (
        ThreadedWSGIServer,
        WSGIRequestHandler,
        get_internal_wsgi_application,
    )

    try:
        httpd = ThreadedWSGIServer(("127.0.0.1", port), WSGIRequestHandler)
    except OSError as error:
        raise RuntimeError(f"port {port} is not free ({error}); try: make run PORT=8001") from None
    httpd.daemon_threads = True
    httpd.set_app(StaticFilesHandler(get_internal_wsgi_application()))
    thread = threading.Thread(target=httpd.serve_forever, name="web", daemon=True)
    thread.start()
    httpd.valmo_thread = thread
    return httpd


def httpd_thread_alive(httpd) -> bool:
    return httpd.valmo_thread.is_alive()


def wait_until_served(port: int, host: str, timeout: float = 60) -> int:
    """Request the first page for ``host`` over HTTP until it answers; return the status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/", headers={"Host": f"{host}:{port}"})
            return conn.getresponse().status
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    raise RuntimeError(f"the web server did not answer on port {port} within {timeout:.0f} s")


def worker_start(var: Path) -> subprocess.Popen:
    """The Celery worker with the beat scheduler; a thread pool starts and stops quickly.

    Its start-up overlaps the next steps; a lower priority keeps it from slowing them down
    on a busy machine.
    """
    return spawn(
        [
            *(sys.executable, "-m", "celery", "-q", "-A", "valmo", "worker", "-B"),
            *("-l", "warning", "-s", str(var / "celerybeat-schedule")),
            *("--pool", "threads", "--concurrency", "2"),
            *("--without-mingle", "--without-gossip"),
        ],
        niceness=5,
    )


def stop_all(httpd, children: list[subprocess.Popen], var: Path, embedded: bool) -> None:
    """Stop the web server, then the worker, then the database; wait for each to be gone."""
    global _stopping
    _stopping = True  # from here on, further signals are ignored
    started = time.monotonic()
    if httpd is not None:
        httpd.shutdown()  # waits for the serving loop to end
        httpd.server_close()
    # The worker: SIGTERM is its warm shutdown; tasks are acknowledged late, so one that was
    # cut short runs again next time.
    for child in children:
        child_stop(child, signal.SIGTERM, timeout=15)
    (var / CHILDREN_FILE).unlink(missing_ok=True)
    parts = ["web server", "worker"] if children else []
    if embedded:
        from valmo.embedded_db import pgdata_dir, server_stop

        if "django.db" in sys.modules:
            from django.apps import apps

            if apps.ready:
                from django.db import connections

                connections.close_all()
        if server_stop(pgdata_dir()):
            parts.append("database")
        else:
            print("The embedded database is still used by another process.", flush=True)
    step("stopped", ", ".join(parts) or "nothing was running", started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    parser.add_argument(
        "--no-demo",
        action="store_true",
        default=os.environ.get("VALMO_DEMO", "1").strip().lower() in {"0", "false", "no", "off"},
        help="skip the demo data step (also VALMO_DEMO=0)",
    )
    args = parser.parse_args(argv)

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)

    from valmo.embedded_db import pgdata_dir, server_start, var_dir

    var = var_dir()
    began = time.monotonic()
    embedded = not os.environ.get("DATABASE_URL")
    children: list[subprocess.Popen] = []
    httpd = None
    status = 0
    try:
        if children_reap_strays(var):
            step("cleanup", "stopped a worker left by an earlier run")
        started = time.monotonic()
        if embedded:
            server = server_start(pgdata_dir())
            os.environ["DATABASE_URL"] = server.url()
            how = "reused the running" if server.reused else "started"
            step("database", f"{how} embedded PostgreSQL in {server.pgdata}", started)
        else:
            step("database", "using DATABASE_URL")

        # The worker starts now, so its start-up overlaps the next steps. It gets the
        # database's URL through the environment and never starts a database itself.
        worker = worker_start(var)
        children.append(worker)
        children_record(var, children)

        started = time.monotonic()
        import django
        from django.core.management import call_command

        # Before Django sets up: a catalogue read during set-up stays cached without the messages
        # compiled after it, for the life of this process (the web server's too).
        from valmo.catalogues import catalogues_compile

        catalogues_compile([ROOT / "locale"])
        step("translations", "compiled", started)
        started = time.monotonic()
        django.setup()
        behind = migrations_behind()
        if behind and database_is_new():
            migrate_new_database()
            call_command("capacity_instruments_sync", verbosity=0, stdout=io.StringIO())
            step("migrations", "created the public schema and the municipality template", started)
        elif behind:
            call_command("valmo_migrate", verbosity=0, executor="standard", pool=False)
            step("migrations", f"migrated ({', '.join(behind)})", started)
        else:
            call_command("capacity_instruments_sync", verbosity=0, stdout=io.StringIO())
            step("migrations", "every schema is at the latest migration", started)

        demo_output = ""
        if args.no_demo:
            step("demo data", "skipped (VALMO_DEMO=0)")
        else:
            started = time.monotonic()
            demo_output = demo_ensure(args.port)
            step("demo data", "ready", started)
        host, url = demo_url(args.port)

        started = time.monotonic()
        httpd = web_start(args.port)
        status_code = wait_until_served(args.port, host)
        total = time.monotonic() - began
        step("web", f"{url} answered {status_code}; {total:.1f} s since the start", started)

        if demo_output:
            print("\n" + demo_output.rstrip(), flush=True)
        print(f"\nValmo runs at {url}  (Ctrl-C stops everything)\n", flush=True)
        while worker.poll() is None and httpd_thread_alive(httpd):
            time.sleep(0.5)
        print("The web server or the worker stopped; stopping the rest.", file=sys.stderr)
        status = 1
    except Stop:
        print("\nStopping Valmo ...", flush=True)
    except Exception as error:
        print(f"\nvalmo run failed: {error}", file=sys.stderr, flush=True)
        status = 1
        if not isinstance(error, RuntimeError):
            raise
    finally:
        stop_all(httpd, children, var, embedded)
    return status


if __name__ == "__main__":
    sys.exit(main())
