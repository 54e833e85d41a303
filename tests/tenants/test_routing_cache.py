"""The tenant middleware's host → municipality cache: hits save the query, changes invalidate."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenants.models import Domain, Municipality
from valmo.tenancy import routing_cache_key


def cached(host: str):
    """The middleware's entry for a host (the cache keys carry the schema: public's)."""
    with schema_context("public"):
        return cache.get(routing_cache_key(host))


pytestmark = pytest.mark.django_db


@pytest.fixture
def routing_cache(settings, tenants):
    settings.VALMO_TENANT_ROUTING_CACHE_SECONDS = 60
    host = Domain.objects.filter(tenant=tenants.a).values_list("domain", flat=True).first()
    keys = [routing_cache_key(h) for h in (host, "renamed.test.localhost")]
    with schema_context("public"):
        cache.delete_many(keys)
    yield host
    with schema_context("public"):
        cache.delete_many(keys)


def _domain_queries(host: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        Client(HTTP_HOST=host).get("/accounts/login/")
    return sum('"tenants_domain"' in q["sql"] for q in queries.captured_queries)


def test_second_request_resolves_the_host_from_the_cache(routing_cache):
    host = routing_cache
    assert _domain_queries(host) == 1
    assert cached(host).schema_name == "test_a"
    assert _domain_queries(host) == 0


def test_deactivating_the_municipality_invalidates_its_hosts(routing_cache, tenants):
    host = routing_cache
    assert Client(HTTP_HOST=host).get("/").status_code != 404
    assert cached(host) is not None

    municipality = Municipality.objects.get(pk=tenants.a.pk)
    municipality.is_active = False
    municipality.save()

    assert cached(host) is None
    assert Client(HTTP_HOST=host).get("/").status_code == 404


def test_renaming_a_domain_stops_the_old_host(routing_cache):
    host = routing_cache
    Client(HTTP_HOST=host).get("/")
    domain = Domain.objects.get(domain=host)
    domain.domain = "renamed.test.localhost"
    domain.save()

    assert cached(host) is None
    assert Client(HTTP_HOST=host).get("/").status_code == 404
    assert Client(HTTP_HOST="renamed.test.localhost").get("/").status_code != 404


def test_deleting_a_domain_invalidates_it(routing_cache):
    host = routing_cache
    Client(HTTP_HOST=host).get("/")
    Domain.objects.get(domain=host).delete()

    assert cached(host) is None
    assert Client(HTTP_HOST=host).get("/").status_code == 404


def test_unknown_hosts_are_not_cached(routing_cache):
    assert Client(HTTP_HOST="nobody.test.localhost").get("/").status_code == 404
    assert cached("nobody.test.localhost") is None


def test_a_cache_that_does_not_answer_falls_back_to_the_query(routing_cache, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert _domain_queries(routing_cache) == 1


@pytest.fixture
def local_layer(routing_cache, settings):
    from valmo import middleware

    settings.VALMO_TENANT_ROUTING_LOCAL_SECONDS = 5
    middleware._LOCAL.clear()
    yield routing_cache
    middleware._LOCAL.clear()


def test_the_process_copy_answers_without_the_shared_cache(local_layer, monkeypatch):
    host = local_layer
    assert _domain_queries(host) == 1
    calls = []
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: calls.append(args))
    assert _domain_queries(host) == 0
    assert calls == []  # no round trip to Redis either


def test_the_process_copy_expires(local_layer, monkeypatch):
    from valmo import middleware

    host = local_layer
    assert _domain_queries(host) == 1
    now = middleware.time.monotonic()
    monkeypatch.setattr(middleware.time, "monotonic", lambda: now + 6)
    calls = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: calls.append(args) or real_get(*args))
    assert _domain_queries(host) == 0  # expired here, still in the shared cache
    assert len(calls) == 1


def test_a_change_drops_the_process_copy_at_once(local_layer, tenants):
    host = local_layer
    assert Client(HTTP_HOST=host).get("/").status_code != 404
    municipality = Municipality.objects.get(pk=tenants.a.pk)
    municipality.is_active = False
    municipality.save()
    assert Client(HTTP_HOST=host).get("/").status_code == 404
