"""Styled, translated error pages and one log line (no traceback) per client error."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.log import configure_logging

pytestmark = pytest.mark.django_db


def _template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_coach_at_admin_gets_the_styled_finnish_403(tenant_a, client_for, make_user):
    coach = make_user(tenant_a, role="work_coach")
    client = client_for(tenant_a, coach)

    response = client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE="fi")

    assert response.status_code == 403
    assert {"403.html", "base.html"} <= set(_template_names(response))
    page = response.content.decode()
    assert '<html lang="fi">' in page
    assert "Pääsy estetty" in page
    assert "Ylläpitosivut ovat vain pääkäyttäjille." in page
    assert '<a href="/">Takaisin etusivulle</a>' in page
    assert "403 Forbidden" not in page


def test_a_refusal_with_a_message_shows_it(tenant_a, client_for, make_user):
    coach = make_user(tenant_a, role="work_coach")

    response = client_for(tenant_a, coach).get("/accounts/invitations/", HTTP_ACCEPT_LANGUAGE="sv")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Åtkomst nekad" in page
    assert "Du har inte behörighet att öppna den här sidan." in page


def test_unknown_page_gets_the_styled_404(tenant_a, client_for):
    response = client_for(tenant_a).get("/ei-ole-olemassa/", HTTP_ACCEPT_LANGUAGE="fi")

    assert response.status_code == 404
    assert {"404.html", "base.html"} <= set(_template_names(response))
    assert "Sivua ei löydy" in response.content.decode()


def test_unknown_api_address_gets_a_problem(tenant_a, client_for, make_user):
    client = client_for(tenant_a, make_user(tenant_a, role="work_coach"))

    response = client.get("/api/v9/nothing/", HTTP_ACCEPT_LANGUAGE="fi")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:valmo:problem:not_found",
        "title": "Ei löytynyt.",
        "status": 404,
        "detail": "Ei löytynyt.",
        "instance": "/api/v9/nothing/",
        "code": "not_found",
    }


def test_public_host_404_is_styled_too(tenants, client):
    response = client.get("/ei-ole/", HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="sv")

    assert response.status_code == 404
    assert "404.html" in _template_names(response)


def test_500_page_renders_translated_and_without_the_database(tenant_a):
    from valmo.views import server_error

    request = RequestFactory().get("/jotain/", HTTP_HOST="test-a.test.localhost")
    with translation.override("sv"):
        response = server_error(request)

    assert response.status_code == 500
    page = response.content.decode()
    assert "Något gick fel" in page
    assert '<a href="/">Tillbaka till startsidan</a>' in page


def test_500_page_falls_back_to_plain_html_when_rendering_fails(tenant_a, monkeypatch):
    from valmo import views

    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/x/"))

    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_an_uncaught_error_gets_the_styled_500(tenant_a, client_for, make_user, monkeypatch):
    import coaching.views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(coaching.views, "render", explode)
    client = client_for(tenant_a, make_user(tenant_a, role="work_coach"))
    client.raise_request_exception = False

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fi")

    assert response.status_code == 500
    assert "Jokin meni vikaan" in response.content.decode()


def _client_errors(tenant_a, client_for, make_user):
    """A 404, a view's PermissionDenied, an API 403, an API 400: four client errors."""
    coach = make_user(tenant_a, role="work_coach")
    client = client_for(tenant_a, coach)
    responses = [
        client.get("/ei-ole/"),
        client.get("/accounts/invitations/"),
        client.get("/admin/", follow=True),
        client.get("/api/v1/audit-events/"),
        client.get("/api/v1/periods/?limit=9223372036854775808"),
    ]
    return [response.status_code for response in responses]


def test_one_log_record_per_client_error_without_traceback(tenant_a, client_for, make_user, caplog):
    caplog.set_level(logging.INFO)

    statuses = _client_errors(tenant_a, client_for, make_user)

    assert statuses == [404, 403, 403, 404, 400]
    records = [r for r in caplog.records if getattr(r, "status_code", 0) >= 400]
    assert [r.status_code for r in records] == statuses
    assert all(r.exc_info is None and r.levelname == "WARNING" for r in records)


def test_console_prints_each_client_error_once(
    tenant_a, client_for, make_user, settings, monkeypatch
):
    """With DEBUG on, Django's own console handler printed every 404 and 403 a second time."""
    stream, original = io.StringIO(), sys.stderr
    monkeypatch.setattr(sys, "stderr", stream)
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)  # handlers now write to stream
    settings.DEBUG = True
    try:
        _client_errors(tenant_a, client_for, make_user)
    finally:
        monkeypatch.setattr(sys, "stderr", original)
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)

    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    assert lines == [
        "Not Found: /ei-ole/",
        "Forbidden (Permission denied): /accounts/invitations/",
        "Forbidden (Permission denied): /admin/login/",
        "Not Found: /api/v1/audit-events/",
        "Bad Request: /api/v1/periods/",
    ]


def test_server_errors_keep_their_traceback():
    from valmo.log_filters import ClientErrorFilter

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), sys.exc_info())
    record.status_code = 500
    assert ClientErrorFilter().filter(record)
    assert record.exc_info is not None


def test_support_access_refusal_uses_the_handlers(tenants, client):
    response = client.get("/support/test_a/api/v1/trainees/", HTTP_HOST="localhost")
    assert response.status_code == 403
    assert "detail" in response.json()

    response = client.get("/support/test_a/ei-ole/", HTTP_HOST="localhost")
    assert response.status_code == 403
    assert "403.html" in _template_names(response)
