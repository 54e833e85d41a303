"""Security headers on every host, CSRF on every form, and the production cookie settings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import host_client, sign_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HOSTS = ["test-a.test.localhost", "localhost"]


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/", "/"])
def test_pages_carry_the_security_headers(tenants, host, path):
    response = host_client(host).get(path)

    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/password/reset/", "/accounts/invitations/"]
)
def test_pages_have_no_inline_script_or_event_handlers(tenants, make_account, path):
    admin = make_account(tenants.a, role="tenant_admin")
    client = host_client("test-a.test.localhost")
    if path == "/accounts/invitations/":
        sign_in(client, admin.email)
    body = client.get(path).content.decode()

    scripts = re.findall(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", body, re.S)
    for attrs, content in scripts:
        # Only external files, or JSON data that the browser never executes.
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        if "src=" in attrs:
            assert not content.strip()
    assert not re.search(r"\son[a-z]+=", body)


def test_every_form_posts_with_a_csrf_token(tenants, make_account):
    admin = make_account(tenants.a, role="tenant_admin")
    client = host_client("test-a.test.localhost")
    sign_in(client, admin.email)

    for path in (
        "/accounts/",
        "/accounts/invitations/",
        "/accounts/security/",
        "/accounts/sso/",
        "/accounts/password/change/",
    ):
        body = client.get(path).content.decode()
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", body, re.S | re.I)
        assert forms, path
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, path


def test_post_without_csrf_token_is_refused(tenants, make_account):
    admin = make_account(tenants.a, role="tenant_admin")
    client = host_client("test-a.test.localhost", enforce_csrf_checks=True)
    client.force_login(admin)

    response = client.post("/accounts/security/", {"session_idle_minutes": "5"})

    assert response.status_code == 403


PRODUCTION_ENV = {
    "VALMO_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-production-only-" + "x9Q!" * 10,
    "VALMO_BASE_DOMAIN": "valmo.example.fi",
    "DATABASE_URL": "postgres://valmo:secret@127.0.0.1:1/valmo",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "DJANGO_SETTINGS_MODULE": "valmo.settings",
}


@pytest.mark.integration
def test_production_settings_secure_cookies_hsts_and_csp():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', "
        "'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN', "
        "'VALMO_OIDC_ALLOW_HTTP_ISSUER', 'ALLAUTH_TRUSTED_PROXY_COUNT', "
        "'ACCOUNT_EMAIL_VERIFICATION', 'MFA_TRUST_ENABLED']}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            **PRODUCTION_ENV,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN": False,
        "VALMO_OIDC_ALLOW_HTTP_ISSUER": False,
        "ALLAUTH_TRUSTED_PROXY_COUNT": 1,
        "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        "MFA_TRUST_ENABLED": False,
    }
