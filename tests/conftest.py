"""Session-wide tenants: created once in the template test database and reused by every test.

Tenant rows and schemas are committed outside any test transaction, so real worker
processes and servers can see them; each test's own data is rolled back as usual. Each
pytest-xdist worker gets its own copy of the database (tests/database_template.py).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client

TEST_DOMAIN = "test.localhost"


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
    from tenants.models import Municipality, Region
    from tenants.services import municipality_onboard, public_tenant_ensure, region_create

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
