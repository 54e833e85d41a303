"""Data written in one municipality is invisible through every URL of another."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from coaching.models import Site, Trainee

pytestmark = pytest.mark.django_db

SECRET = "SALAINEN-A-7f3c"
SKIP_PREFIXES = ("accounts/logout", "i18n/", "admin/logout", "health/")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete_paths(ids: list[int]) -> set[str]:
    """Every tenant URL, with each path parameter filled with tenant A's object ids."""
    paths: set[str] = set()
    for raw in _walk(get_resolver("valmo.urls_tenants").url_patterns):
        route = raw.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
        if route.startswith(SKIP_PREFIXES):
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", route)
        if not params:
            paths.add("/" + route)
            continue
        for object_id in ids:
            concrete = re.sub(r"<(?:\w+:)?\w+>", str(object_id), route)
            concrete = re.sub(r"\(\?P<\w+>[^)]*\)", str(object_id), concrete)
            if "(" in concrete or "[" in concrete:
                continue
            paths.add("/" + concrete)
    return paths


def test_tenant_b_sees_nothing_of_tenant_a(tenants, make_user, client_for):
    from accounts.models import User

    connection.set_tenant(tenants.a)
    site = Site.objects.create(name=f"Toimipiste {SECRET}", address=SECRET)
    trainee = Trainee.objects.create(first_name=SECRET, last_name=SECRET)
    ids = sorted({site.pk, trainee.pk})

    admin_b = make_user(tenants.b, role=User.Role.TENANT_ADMIN, is_staff=True, is_superuser=True)
    client = client_for(tenants.b, admin_b)
    client.raise_request_exception = False
    paths = _concrete_paths(ids)
    assert "/api/v1/sites/" in paths
    assert f"/admin/coaching/site/{site.pk}/change/" in paths

    checked = 0
    for path in sorted(paths):
        response = client.get(path)
        body = response.content.decode(errors="replace")
        assert SECRET not in body, path
        if path in {f"/api/v1/sites/{site.pk}/", f"/api/v1/trainees/{trainee.pk}/"}:
            assert response.status_code == 404, path
        checked += 1
    assert checked > 40

    # The same data is visible in its own tenant, so the walk above can see data at all.
    admin_a = make_user(tenants.a, role=User.Role.TENANT_ADMIN, is_staff=True, is_superuser=True)
    own = client_for(tenants.a, admin_a)
    assert SECRET in own.get("/api/v1/sites/").content.decode()
    assert SECRET in own.get(f"/admin/coaching/site/{site.pk}/change/").content.decode()


def test_public_models_are_hidden_on_tenant_hosts(tenants, make_user, client_for):
    from accounts.models import User

    admin_b = make_user(tenants.b, role=User.Role.TENANT_ADMIN, is_staff=True, is_superuser=True)
    client = client_for(tenants.b, admin_b)

    index = client.get("/admin/").content.decode()
    assert "/admin/tenants/municipality/" not in index
    assert client.get("/admin/tenants/municipality/").status_code == 403
    assert "Testikunta A" not in client.get("/admin/tenants/municipality/").content.decode()


def test_unknown_host_is_refused(tenants):
    from django.test import Client

    response = Client(HTTP_HOST="nobody.test.localhost").get("/")
    assert response.status_code == 404
    assert "Tämä osoite ei ole käytössä" in response.content.decode()


def test_public_host_serves_landing_page(tenants):
    from django.test import Client

    response = Client(HTTP_HOST="localhost").get("/")
    assert response.status_code == 200
    assert "Valmo" in response.content.decode()
    assert connection.schema_name == "public"


def test_api_requires_sign_in(tenants, client_for):
    assert client_for(tenants.a).get("/api/v1/sites/").status_code == 403


def test_trainee_cannot_use_staff_api(tenants, make_user, client_for):
    from accounts.models import User

    trainee_user = make_user(tenants.a, role=User.Role.TRAINEE)
    assert client_for(tenants.a, trainee_user).get("/api/v1/trainees/").status_code == 403
