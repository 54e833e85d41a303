"""Session-wide tenants: created once in the template test database and reused by every test.

Tenant rows and schemas are committed outside any test transaction, so real worker
processes and servers can see them; each test's own data is rolled back as usual. Each
pytest-xdist worker gets its own copy of the database (tests/database_template.py).
"""

from __future__ import annotations

import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client


def _bytecode_cache_on() -> None:
    """Keep compiled bytecode in ``var/pycache/`` when the environment says not to write it.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on the project's machines) every Python process
    compiled every module it imported from source: Django, DRF, Celery, Hypothesis, the app
    and the rewritten test modules, 4-13 s of CPU in each pytest worker and in each server,
    Celery worker and ``run.py`` the tests start. Bytecode goes to a git-ignored folder
    instead (``PYTHONPYCACHEPREFIX``), so the source tree stays clean; this process from here
    on, and the workers and servers started after it inherit it. An explicit
    ``PYTHONPYCACHEPREFIX`` is left alone.
    """
    if not sys.dont_write_bytecode or os.environ.get("PYTHONPYCACHEPREFIX"):
        return
    prefix = str(Path(__file__).resolve().parents[1] / "var" / "pycache")
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    os.environ["PYTHONDONTWRITEBYTECODE"] = ""  # empty counts as unset
    sys.pycache_prefix = prefix
    sys.dont_write_bytecode = False


_bytecode_cache_on()


TEST_DOMAIN = "test.localhost"
DEMO_BASE_DOMAIN = f"demo.{TEST_DOMAIN}"


@dataclass(frozen=True)
class TestTenants:
    a: object
    b: object


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pytest_xdist_auto_num_workers(config):
    """``-n auto`` (pyproject's addopts) runs in-process when the command line names a single
    test file or tests of one file: starting workers would cost more than it saves."""
    files = {str(arg).split("::")[0] for arg in config.args}
    if len(files) == 1 and next(iter(files)).endswith(".py"):
        return 0
    return None  # xdist's default: the number of CPUs


@pytest.fixture(scope="session")
def free_port():
    return _free_port


def _session_tenants_create() -> None:
    from onboarding.services import municipality_onboard
    from tenants.models import Municipality, Region
    from tenants.services import public_tenant_ensure, region_create

    public_tenant_ensure(domain="localhost")
    region = Region.objects.filter(slug="test_area").first() or region_create(
        name="Testialue", slug="test_area"
    )
    Region.objects.get_or_create(slug="other_area", defaults={"name": "Toinen alue"})
    for slug, name in (("test_a", "Testikunta A"), ("test_b", "Testikunta B")):
        if not Municipality.objects.filter(slug=slug).exists():
            municipality_onboard(
                name=name,
                slug=slug,
                domain=f"{slug.replace('_', '-')}.{TEST_DOMAIN}",
                region=region.slug,
                admin_email=f"admin@{slug.replace('_', '-')}.example.fi",
            )


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The test database (one per xdist worker), a copy of a cached template that holds the
    migrated schemas and the session tenants (see tests/database_template.py)."""
    from tests import database_template

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        names = database_template.setup(
            populate=_session_tenants_create, rebuild=django_db_createdb, verbosity=verbosity
        )
    yield
    with django_db_blocker.unblock():
        database_template.teardown(*names, keep=django_db_keepdb)


@dataclass(frozen=True)
class DemoRun:
    """The demo built once for the session, and the report of asking for it a second time."""

    report: dict
    again: dict
    seconds_again: float


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker) -> DemoRun:
    """The demo municipalities, built through ``demo_data_ensure`` once per test session.

    Building takes tens of seconds, so the demo tests share one build. It is committed in its own
    municipalities (not rolled back with a test), once per test database, so once per xdist
    worker; ``pytest_collection_modifyitems`` runs the tests that use it last, and they carry
    the ``xdist_group("demo")`` mark so that ``--dist loadgroup`` keeps them on one worker.
    """
    from onboarding.demo import demo_data_ensure

    with django_db_blocker.unblock():
        report = demo_data_ensure(base_domain=DEMO_BASE_DOMAIN)
        began = time.perf_counter()
        again = demo_data_ensure(base_domain=DEMO_BASE_DOMAIN)
        seconds_again = time.perf_counter() - began
    connection.set_schema_to_public()
    return DemoRun(report=report, again=again, seconds_again=seconds_again)


DEMO_MARK = 'xdist_group("demo")'
FILE_SECONDS_KEY = "valmo/file-seconds"
UNKNOWN_TEST_SECONDS = 0.2  # estimate per test for a file without a recorded time
# Before the first run has recorded times (a fresh clone): the files known to take longest.
KNOWN_SLOW_FILES = {
    "tests/platform/test_run_script.py": 60.0,
    "tests/api/test_malformed_input.py": 40.0,
    "tests/privacy/test_audit_completeness.py": 30.0,
}


def _file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config, items):
    """Order the files longest first, by the time each took last time (the pytest cache), and
    the tests on the committed demo last, so no other test sees its municipalities.

    The xdist controller hands out whole files in this order (``_FileScheduling``), so the
    longest files start first and the short ones fill the gaps: the wall time of a parallel
    run is decided by the worker that finishes last. Tests of one file stay together.
    """
    cache = getattr(config, "cache", None)  # absent with -p no:cacheprovider
    recorded = cache.get(FILE_SECONDS_KEY, {}) if cache else {}
    counts: dict[str, int] = {}
    for item in items:
        counts[_file_of(item.nodeid)] = counts.get(_file_of(item.nodeid), 0) + 1
    first = {}
    for index, item in enumerate(items):
        first.setdefault(_file_of(item.nodeid), index)

    def key(item):
        file = _file_of(item.nodeid)
        seconds = recorded.get(file) or KNOWN_SLOW_FILES.get(
            file, counts[file] * UNKNOWN_TEST_SECONDS
        )
        return ("demo" in getattr(item, "fixturenames", ()), -seconds, first[file])

    items.sort(key=key)


class _FileSeconds:
    """Adds up each file's time (setup, call, teardown) and keeps it in the pytest cache."""

    def __init__(self, config):
        self.config = config
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report):
        file = _file_of(report.nodeid)
        self.seconds[file] = self.seconds.get(file, 0.0) + report.duration

    def pytest_sessionfinish(self, session):
        if self.seconds and self.config.cache is not None:
            recorded = self.config.cache.get(FILE_SECONDS_KEY, {})
            recorded.update({file: round(s, 2) for file, s in self.seconds.items()})
            self.config.cache.set(FILE_SECONDS_KEY, recorded)


def pytest_configure(config):
    if not hasattr(config, "workerinput") and getattr(config, "cache", None) is not None:
        # the controller (or a run without workers), with the cache provider on
        config.pluginmanager.register(_FileSeconds(config), "valmo-file-seconds")


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, in the order of the collection, with the demo files as one unit."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class _FileScheduling(LoadFileScheduling):
        """Whole files, handed out in the collection's order (``pytest_collection_modifyitems``:
        longest first), except that every file carrying the demo mark goes to one worker:
        the demo is built once per worker that needs it (tens of seconds), so once."""

        _demo_files: dict[str, bool] = {}

        def _split_scope(self, nodeid: str) -> str:
            file = _file_of(nodeid)
            if file not in self._demo_files:
                try:
                    text = (config.rootpath / file).read_text(encoding="utf-8")
                except OSError:
                    text = ""
                self._demo_files[file] = DEMO_MARK in text
            return "demo" if self._demo_files[file] else file

    config.option.loadscopereorder = False  # keep the collection's order
    return _FileScheduling(config, log)


@pytest.fixture(scope="session")
def tenants(django_db_setup, django_db_blocker) -> TestTenants:
    from tenants.models import Municipality

    with django_db_blocker.unblock():
        return TestTenants(
            a=Municipality.objects.get(slug="test_a"), b=Municipality.objects.get(slug="test_b")
        )


@pytest.fixture
def tenant_a(tenants, db):
    connection.set_tenant(tenants.a)
    yield tenants.a
    connection.set_schema_to_public()


@pytest.fixture
def tenant_b(tenants, db):
    yield tenants.b
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _back_to_public():
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the platform's language: a request through the test client
    activates the language it asked for in this thread and leaves it active after it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def host_of(tenant) -> str:
    return tenant.get_primary_domain().domain


@pytest.fixture
def client_for():
    """A test client whose requests go to the given municipality's host, optionally signed in."""

    def make(tenant, user=None) -> Client:
        client = Client(HTTP_HOST=host_of(tenant))
        if user is not None:
            client.force_login(user)
        return client

    return make


def user_create(tenant, *, role: str, email: str | None = None, **extra):
    """Create a user in ``tenant``'s schema (plain function: module-scoped fixtures use it)."""
    from accounts.models import User

    connection.set_tenant(tenant)
    return User.objects.create_user(
        email=email or f"{role}-{os.urandom(3).hex()}@example.fi",
        password="x" * 12,
        role=role,
        **extra,
    )


@pytest.fixture
def make_user():
    """Create a user in the given tenant's schema (inside the test transaction)."""
    return user_create
