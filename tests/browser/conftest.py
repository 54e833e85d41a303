"""Browser tests: a real server process, headless Chromium through Playwright, and axe-core.

The pages are served by ``manage.py runserver`` against the test database, so what they show
must be committed: the journeys use their own municipality (``test_web``), filled through
the services, so tenants A and B stay as the other tests expect them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from tests.platform.test_celery_worker import _database_url

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Tyomaa-tauko-2026!"
CHROMIUM_FLAGS = [
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-sandbox",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str:
    found = (shutil.which("chromium"), shutil.which("chromium-browser"))
    for candidate in ("/usr/bin/chromium", *found):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed (Debian package: chromium)")


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # any answer means the server is up
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the test server did not start")


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright():
    """Allow the tests' own ORM calls while Playwright's event loop runs in this thread.

    Playwright's sync API keeps a loop running; building and checking data between page
    actions is synchronous all the same. Only for this package: the variable is removed (and
    the browser closed) before other tests run.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def server_mail_dir(tmp_path_factory) -> Path:
    """Where the server process writes the e-mails it sends (one file per connection)."""
    return tmp_path_factory.mktemp("server-mail")


def server_mails(mail_dir: Path) -> list:
    """Every e-mail the server has sent, oldest first, as ``email.message.Message``."""
    import email

    files = sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
    messages = []
    for path in files:
        # The file backend writes each message followed by a line of 79 dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


@pytest.fixture(scope="session")
def server_port(django_db_setup, free_port, server_mail_dir):
    """A ``runserver`` process on the test database, for the whole session."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": _database_url(),
        "VALMO_TEST_MAIL_DIR": str(server_mail_dir),
        "DJANGO_SETTINGS_MODULE": "valmo.settings_test",
        "VALMO_TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    }
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="session")
def web_tenant(django_db_setup, django_db_blocker):
    """A municipality of its own for the journeys (committed, like tenants A and B)."""
    from onboarding.services import municipality_onboard
    from tenants.models import Municipality

    with django_db_blocker.unblock():
        tenant = Municipality.objects.filter(slug="test_web").first() or municipality_onboard(
            name="Testikunta Web",
            slug="test_web",
            domain="test-web.test.localhost",
            region="test_area",
            admin_email="admin@test-web.example.fi",
        )
        tenant.host = tenant.get_primary_domain().domain
        connection.set_schema_to_public()
    return tenant


@dataclass
class Group:
    coach_email: str
    trainee_names: list[str] = field(default_factory=list)
    period_ids: list[int] = field(default_factory=list)


def _user(email: str, role: str):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=PASSWORD, role=role, first_name="Veera", last_name="Valmentaja"
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def user_ensure(tenant, email: str, role: str) -> str:
    """A committed user of the role in the tenant, signed in with ``PASSWORD``."""
    connection.set_tenant(tenant)
    try:
        return _user(email, role).email
    finally:
        connection.set_schema_to_public()


def build_group(tenant, *, size: int, label: str) -> Group:
    """A coach with ``size`` trainees in coaching for a month, each with two tasks assigned.

    Made through the services and committed; ``label`` keeps the coach's e-mail unique.
    """
    from django.utils import timezone

    from coaching import services
    from coaching.models import DifficultyLevel, ParticipationStatus, Trainee, WorkTask

    first_names = ["Aino", "Eero", "Helmi", "Juho", "Kaisa", "Lauri", "Mervi", "Niko", "Oona"]
    last_names = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hyvönen", "Turunen"]
    connection.set_tenant(tenant)
    try:
        admin = _user(f"admin-{label}@test-web.example.fi", "tenant_admin")
        coach = _user(f"coach-{label}@test-web.example.fi", "work_coach")
        work_trial = ParticipationStatus.objects.get(code="work_trial")
        tasks = list(WorkTask.objects.filter(retired_at__isnull=True).order_by("pk")[:2])
        levels = list(DifficultyLevel.objects.order_by("level")[:2])
        start = timezone.localdate() - timedelta(days=30)
        group = Group(coach_email=coach.email)
        for index in range(size):
            trainee = Trainee.objects.create(
                first_name=first_names[index % len(first_names)],
                last_name=f"{last_names[index % len(last_names)]}-{label}{index:02d}",
            )
            at = timezone.make_aware(datetime(start.year, start.month, start.day, 8))
            period = services.coaching_period_create(
                actor=admin,
                trainee=trainee,
                coach=coach,
                start_on=start,
                planned_end_on=start + timedelta(days=150),
                override_reason="selaintesti",
                at=at,
            ).period
            services.period_status_add(
                actor=admin,
                period=period,
                status=work_trial,
                valid_from=start,
                valid_until=start + timedelta(days=150),
                days_per_week=5,
                hours_per_day=Decimal(6),
            )
            for hour, step in enumerate(["intake_assessment", "pre_coaching", "coaching"], 9):
                services.coaching_period_transition(
                    period=period,
                    to_phase=step,
                    actor=admin,
                    reason="selaintesti",
                    at=at.replace(hour=hour),
                )
            for task, level in zip(tasks, levels, strict=True):
                services.task_assignment_create(actor=admin, period=period, task=task, level=level)
            group.trainee_names.append(str(trainee))
            group.period_ids.append(period.pk)
        return group
    finally:
        connection.set_schema_to_public()


@pytest.fixture(scope="package")
def playwright_browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(playwright_browser):
    """Open pages in fresh contexts; each page records CSP violations and console errors."""
    contexts = []

    def make(*, viewport=PHONE, locale="fi-FI"):
        context = playwright_browser.new_context(viewport=viewport, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    # A tenant admin of a municipality not yet set up lands on the setup checklist, a unit
    # supervisor on their placed trainees, a trainee on their own pages.
    landings = (f"{base}/", f"{base}/kayttoonotto/", f"{base}/yksikko/", f"{base}/oma/")
    page.wait_for_url(lambda url: url in landings)


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (from node_modules) on the page; the violations of the given impacts.

    The script is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not apply to, so the page keeps its real policy.
    """
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `npm ci`")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))"
    )
    violations = json.loads(result)["violations"]
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [node["target"] for node in v["nodes"]][:5],
        }
        for v in violations
        if v["impact"] in impacts
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


SMALL_TARGETS_JS = """
(minimum) => {
  const selector = 'a[href], button, select, summary, textarea, '
    + 'input:not([type=hidden]):not([type=radio]):not([type=checkbox]), '
    + 'input[type=radio] + label, input[type=checkbox] + label';
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (element.closest('.skip-link, .visually-hidden')) continue;
    // Links inside running text are exempt (WCAG 2.5.8: inline targets).
    if (element.tagName === 'A' && element.closest('p, li') && style.display === 'inline') continue;
    if (box.height < minimum || box.width < minimum) {
      const text = (element.textContent || element.name || '').trim().slice(0, 40);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${element.tagName.toLowerCase()} "${text}" ${size}`);
    }
  }
  return small;
}
"""


def small_tap_targets(page, minimum: int = 44) -> list[str]:
    """Visible controls smaller than ``minimum`` CSS pixels in either direction."""
    return page.evaluate(SMALL_TARGETS_JS, minimum)


def nav_click(page, text: str) -> None:
    """Follow a main-navigation link, opening "More" first when the link is under it."""
    link = page.locator("nav.site-nav a", has_text=text).first
    if not link.is_visible():
        page.click("nav.site-nav summary")
    link.click()


def phone_checks(page) -> None:
    """What every screen must hold at the page's viewport: no sideways scrolling, tap targets
    of 44 px, no serious or critical axe-core violation and nothing refused by the CSP."""
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert_accessible(page)
    assert [m for m in page.console_errors if "Content Security Policy" in m] == []
