"""Shared by the load and memory benches: municipalities with coaches, sessions, gunicorn."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

import _django

PASSWORD = "bench-password-123"  # noqa: S105 - bench users on a scratch database


@dataclass
class Coach:
    host: str
    session: str  # the session cookie's value, signed in through Django's own login
    trainees: list[int]


def municipalities_with_coaches(count: int, coaches: int = 2, trainees: int = 6) -> list[Coach]:
    """``count`` municipalities ``load_00``…, each with ``coaches`` coaches and their groups.

    Created once (through the onboarding and coaching services) and kept for the next run.
    Each coach gets a fresh session (Django's test client ``force_login``), so the load test
    measures the pages, not the password hashing of a sign-in.
    """
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from accounts.models import User
    from accounts.services import user_create
    from coaching import services
    from coaching.models import Trainee
    from onboarding.services import municipality_onboard
    from tenants.models import Municipality, Region
    from tenants.services import public_tenant_ensure, region_create

    public_tenant_ensure(domain="localhost")
    region = Region.objects.first() or region_create(name="Bench", slug="bench")
    result = []
    for i in range(count):
        slug = f"load_{i:02d}"
        host = f"load-{i:02d}.localhost"
        if not Municipality.objects.filter(slug=slug).exists():
            municipality_onboard(
                name=f"Kuorma {i:02d}",
                slug=slug,
                domain=host,
                region=region.slug,
                admin_email=f"admin@{host}",
            )
        with schema_context(slug):
            admin = User.objects.get(email=f"admin@{host}")
            for c in range(coaches):
                email = f"coach{c}@{host}"
                coach = User.objects.filter(email=email).first() or user_create(
                    email=email, role=User.Role.WORK_COACH, password=PASSWORD
                )
                mine = list(
                    Trainee.objects.filter(periods__coach=coach).values_list("pk", flat=True)
                )
                start = timezone.localdate() - timedelta(days=30)
                while len(mine) < trainees:
                    trainee = Trainee.objects.create(
                        first_name="Kuorma", last_name=f"{c}-{len(mine):02d}"
                    )
                    services.coaching_period_create(
                        actor=admin,
                        trainee=trainee,
                        coach=coach,
                        start_on=start,
                        planned_end_on=start + timedelta(days=180),
                        override_reason="bench",
                    )
                    mine.append(trainee.pk)
                client = Client(HTTP_HOST=host)
                client.force_login(coach)
                result.append(Coach(host, client.cookies["sessionid"].value, mine))
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_start(port: int, workers: int, extra: list[str] | None = None) -> subprocess.Popen:
    """gunicorn on loopback with production-like settings (DEBUG off, persistent connections)."""
    env = {
        **_django.manage_env(),
        "DJANGO_DEBUG": "false",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        "ALLOWED_HOSTS": ".localhost,localhost,127.0.0.1",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "valmo.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            # A worker that takes longer than gunicorn's default 30 s to import Django (a
            # busy machine) is killed and restarted for ever; give it time.
            "--timeout",
            "300",
            *(extra or []),
        ],
        cwd=_django.ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/accounts/login/", headers={"Host": "load-00.localhost"}
            )
            urllib.request.urlopen(request, timeout=5).read()  # noqa: S310 - http on loopback
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.5)
    gunicorn_stop(process)
    raise RuntimeError("gunicorn did not answer in 600 s")


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
