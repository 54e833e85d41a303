"""In headless Chromium: an idle page warns a minute before the time-out, then signs out.

A real server process serves the session's test tenants; Playwright's clock stands in for
the minutes of waiting.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.platform.test_celery_worker import _database_url

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Tyomaa-tauko-2026!"
pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def web_server(django_db_setup, django_db_blocker, tenants, free_port):
    """A committed coach in tenant A and a server process on a free port."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    email = f"idle-{os.getpid()}@example.fi"
    with django_db_blocker.unblock():
        connection.set_tenant(tenants.a)
        user = User.objects.create_user(email=email, password=PASSWORD, role="work_coach")
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        connection.set_schema_to_public()
        host = tenants.a.get_primary_domain().domain

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "valmo.settings_test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    }
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://{host}:{port}"
    _wait_until_up(port)
    yield base, email
    proc.terminate()
    proc.wait(timeout=20)
    with django_db_blocker.unblock():
        connection.set_tenant(tenants.a)
        User.objects.filter(email=email).delete()
        connection.set_schema_to_public()


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # any answer means the server is up
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the test server did not start")


@pytest.fixture
def page(new_page):
    """A phone-sized page of the package's shared browser: a second ``sync_playwright`` would
    fail while the shared one runs (files run in any order)."""
    return new_page(locale="fi-FI")


def test_idle_page_warns_then_signs_out(web_server, page):
    base, email = web_server
    page.clock.install()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/tehtavat/")
    idle = int(page.get_attribute("body", "data-idle-seconds"))
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()

    page.clock.run_for((idle - 61) * 1000)
    assert warning.is_hidden()
    page.clock.run_for(2000)
    assert warning.is_visible()
    assert "yhden minuutin" in warning.inner_text()

    # Staying renews the session and the timers: nothing happens at the old deadline.
    with page.expect_response(lambda r: r.request.method == "HEAD"):
        page.click("[data-idle-continue]")
    assert warning.is_hidden()
    page.clock.run_for(58 * 1000)
    assert page.url == f"{base}/tehtavat/"

    with page.expect_navigation():
        page.clock.run_for(idle * 1000)
    page.goto(f"{base}/tehtavat/")
    assert "/accounts/login/" in page.url
