"""Which language a page is served in: the visitor's choice, the browser, then the municipality."""

from __future__ import annotations

import re

import pytest
from django.conf import settings


def _page_language(response) -> str:
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


@pytest.fixture
def swedish_municipality(tenant_a):
    tenant_a.default_language = "sv"
    tenant_a.save(update_fields=["default_language"])
    return tenant_a


@pytest.mark.parametrize(
    ("accept_language", "cookie", "expected"),
    [
        ("", None, "sv"),  # nothing asked: the municipality's language
        ("de-DE,de;q=0.9", None, "sv"),  # only unsupported languages: the municipality's
        ("en-US,en;q=0.9", None, "en"),  # a supported browser language
        ("fi-FI,fi;q=0.9,sv;q=0.5", None, "fi"),
        ("en-US,en;q=0.9", "fi", "fi"),  # the visitor's explicit choice wins
    ],
)
def test_language_choice(swedish_municipality, client_for, accept_language, cookie, expected):
    client = client_for(swedish_municipality)
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    assert _page_language(response) == expected


def test_finnish_is_the_platform_default_on_the_public_host(db, tenants):
    from django.test import Client

    response = Client(HTTP_HOST="localhost").get("/", HTTP_ACCEPT_LANGUAGE="de")

    assert _page_language(response) == "fi"
