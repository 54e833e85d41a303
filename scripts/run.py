"""Set up and run Valmo with demo municipalities: web server and Celery worker.

Ctrl-C stops the server, the worker and (when embedded) PostgreSQL.
"""

from __future__ import annotations

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


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Explicit handlers: Ctrl-C (SIGINT) and SIGTERM both stop everything, even when this was
    # started from a shell that ignores SIGINT for background jobs.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    import django
    from django.core.management import call_command

    django.setup()  # starts the embedded PostgreSQL if DATABASE_URL is unset; held until exit
    call_command("valmo_migrate", verbosity=0, executor="standard")
    call_command("compilemessages_py", verbosity=0)
    call_command("valmo_demo")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)])}
    port = os.environ.get("PORT", "8000")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "valmo",
            "worker",
            "-B",
            "-l",
            "warning",
            "-s",
            str(ROOT / "var" / "celerybeat-schedule"),
            "--concurrency",
            "2",
        ],
        cwd=ROOT,
        env=env,
    )
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=ROOT, env=env
    )
    print(
        f"\nValmo runs at http://joensuu.localhost:{port}/ (Ctrl-C stops everything)\n", flush=True
    )
    try:
        while worker.poll() is None and web.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT if proc is web else signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not os.environ.get("DATABASE_URL"):
            # Workers may exit without releasing their database handle; this process holds
            # the last live one, so the embedded server stops when it exits.
            from valmo.embedded_db import forget_dead_handles, var_dir

            forget_dead_handles(var_dir() / "pgdata")
    return 0


if __name__ == "__main__":
    sys.exit(main())
