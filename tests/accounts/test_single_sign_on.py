"""Per-municipality single sign-on through OpenID Connect, against a local fake provider.

The provider is a small HTTP server on 127.0.0.1 started by the test; Valmo talks to it
through allauth's real OpenID Connect flow (discovery, token request, ID token, userinfo).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.models import User
from accounts.services import security_policy_update, sso_provider_configure

from .conftest import host_client, signed_in_user_id

pytestmark = pytest.mark.django_db

HOST_A = "test-a.test.localhost"
CLIENT_ID = "valmo-test-a"
CLIENT_SECRET = "s3cr3t-from-entra"


class FakeIdentityProvider:
    """Just enough of an OpenID Connect provider: discovery, JWKS, token and userinfo."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict = {}
        self.codes: set[str] = set()
        self.token_requests: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, payload, status=200):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                path = urlparse(self.path).path
                if path == "/.well-known/openid-configuration":
                    self._json(provider.discovery())
                elif path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    self._json({"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]})
                elif path == "/userinfo":
                    if self.headers.get("Authorization") != "Bearer access-1":
                        self._json({"error": "invalid_token"}, 401)
                    else:
                        self._json(provider.claims)
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                if (
                    urlparse(self.path).path != "/token"
                    or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or form.get("code") not in provider.codes
                ):
                    self._json({"error": "invalid_grant"}, 400)
                    return
                provider.codes.discard(form["code"])
                self._json(
                    {
                        "access_token": "access-1",
                        "token_type": "Bearer",
                        "expires_in": 3600,
                        "id_token": provider.id_token(),
                    }
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def discovery(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def id_token(self) -> str:
        now = int(time.time())
        payload = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **self.claims}
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": "k1"})

    def issue_code(self) -> str:
        code = secrets.token_urlsafe(8)
        self.codes.add(code)
        return code


@pytest.fixture(scope="module")
def idp():
    provider = FakeIdentityProvider()
    provider.thread.start()
    yield provider
    provider.server.shutdown()
    provider.server.server_close()


@pytest.fixture
def admin_a(tenants, make_account):
    return make_account(tenants.a, role="tenant_admin")


@pytest.fixture
def sso_a(tenants, admin_a, idp):
    connection.set_tenant(tenants.a)
    return sso_provider_configure(
        actor=admin_a,
        issuer_url=idp.url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        label="Joensuun kaupungin tunnus",
    )


def sso_sign_in(client, idp, claims: dict):
    """Press the button, let the provider authenticate the person, return the callback answer."""
    idp.claims = {"sub": secrets.token_hex(6), **claims}
    start = client.post("/accounts/oidc/sso/login/", {"process": "login"})
    assert start.status_code == 302, start.content.decode()[:500]
    authorize = urlparse(start["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}" == idp.url
    params = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == f"http://{HOST_A}/accounts/oidc/sso/login/callback/"
    assert "openid" in params["scope"].split()
    callback = urlparse(params["redirect_uri"]).path
    return client.get(callback, {"code": idp.issue_code(), "state": params["state"]})


def test_existing_staff_signs_in_with_the_municipality_account(tenants, make_account, sso_a, idp):
    coach = make_account(tenants.a, role="work_coach", email="veera.valmentaja@joensuu.fi")
    client = host_client(HOST_A)

    response = sso_sign_in(
        client, idp, {"email": "Veera.Valmentaja@joensuu.fi", "email_verified": True}
    )

    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == coach.pk
    token_request = idp.token_requests[-1]
    assert token_request["grant_type"] == "authorization_code"
    assert token_request["code_verifier"]  # PKCE
    connection.set_tenant(tenants.a)
    from allauth.socialaccount.models import SocialAccount

    assert SocialAccount.objects.get(user=coach).provider == "sso"


def test_unknown_person_is_refused_and_no_account_is_created(tenants, sso_a, idp):
    client = host_client(HOST_A, HTTP_ACCEPT_LANGUAGE="en")
    before = User.objects.count()

    response = sso_sign_in(client, idp, {"email": "vieras@joensuu.fi", "email_verified": True})

    assert response.status_code == 403
    assert "Ask your administrator for an invitation" in response.content.decode()
    assert signed_in_user_id(client) is None
    connection.set_tenant(tenants.a)
    assert User.objects.count() == before


def test_unverified_address_matches_only_when_the_provider_is_trusted(
    tenants, make_account, admin_a, sso_a, idp
):
    coach = make_account(tenants.a, role="work_coach", email="ei.vahvistettu@joensuu.fi")
    claims = {"email": coach.email}  # Entra ID sends no email_verified claim

    refused = host_client(HOST_A)
    assert sso_sign_in(refused, idp, claims).status_code == 403
    assert signed_in_user_id(refused) is None

    connection.set_tenant(tenants.a)
    sso_provider_configure(
        actor=admin_a,
        issuer_url=idp.url,
        client_id=CLIENT_ID,
        label="Joensuun kaupungin tunnus",
        trust_email=True,
    )
    trusted = host_client(HOST_A)
    assert sso_sign_in(trusted, idp, claims)["Location"] == "/"
    assert signed_in_user_id(trusted) == coach.pk


def test_trainees_cannot_use_single_sign_on(tenants, make_account, sso_a, idp):
    trainee = make_account(tenants.a, role="trainee", email="valmentautuja@example.fi")
    client = host_client(HOST_A)

    response = sso_sign_in(client, idp, {"email": trainee.email, "email_verified": True})

    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_policy_may_let_single_sign_on_create_staff_accounts(tenants, admin_a, sso_a, idp):
    security_policy_update(actor=admin_a, sso_new_staff_role="work_coach")
    client = host_client(HOST_A)

    response = sso_sign_in(
        client,
        idp,
        {
            "email": "uusi.tyontekija@joensuu.fi",
            "email_verified": True,
            "given_name": "Uusi",
            "family_name": "Työntekijä",
        },
    )

    assert response.status_code == 302, response.content.decode()[:500]
    connection.set_tenant(tenants.a)
    user = User.objects.get(email="uusi.tyontekija@joensuu.fi")
    assert user.role == "work_coach"
    assert (user.first_name, user.last_name) == ("Uusi", "Työntekijä")
    assert not user.has_usable_password()
    assert signed_in_user_id(client) == user.pk


def test_single_sign_on_belongs_to_one_municipality(tenants, sso_a):
    page_a = host_client(HOST_A).get("/accounts/login/").content.decode()
    page_b = host_client("test-b.test.localhost").get("/accounts/login/").content.decode()
    public = host_client("localhost").get("/accounts/login/").content.decode()

    assert "Joensuun kaupungin tunnus" in page_a
    assert "Joensuun kaupungin tunnus" not in page_b
    assert "Joensuun kaupungin tunnus" not in public
    assert host_client("test-b.test.localhost").post("/accounts/oidc/sso/login/").status_code == 404
    assert host_client("localhost").post("/accounts/oidc/sso/login/").status_code == 404


def test_disabled_single_sign_on_is_hidden_and_refused(tenants, admin_a, sso_a, idp):
    sso_provider_configure(
        actor=admin_a,
        issuer_url=idp.url,
        client_id=CLIENT_ID,
        label="Joensuun kaupungin tunnus",
        enabled=False,
    )

    assert (
        "Joensuun kaupungin tunnus"
        not in host_client(HOST_A).get("/accounts/login/").content.decode()
    )
    assert host_client(HOST_A).post("/accounts/oidc/sso/login/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issuer_url": "ei-osoite"}, "issuer_url"),
        ({"issuer_url": "https://login.example.fi/x?y=1"}, "issuer_url"),
        ({"client_id": " "}, "client_id"),
        ({"label": ""}, "label"),
        ({"label": "x" * 41}, "label"),
        ({"client_secret": ""}, "client_secret"),
    ],
)
def test_bad_configuration_names_the_field(tenants, admin_a, overrides, field):
    from allauth.socialaccount.models import SocialApp

    params = {
        "actor": admin_a,
        "issuer_url": "https://login.microsoftonline.com/abc/v2.0",
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "label": "Kirjaudu kaupungin tunnuksella",
        **overrides,
    }

    with pytest.raises(ValidationError) as excinfo:
        sso_provider_configure(**params)

    assert list(excinfo.value.message_dict) == [field]
    assert not SocialApp.objects.exists()


def test_plain_http_issuer_is_refused_in_production(tenants, admin_a, settings):
    settings.VALMO_OIDC_ALLOW_HTTP_ISSUER = False

    with pytest.raises(ValidationError) as excinfo:
        sso_provider_configure(
            actor=admin_a,
            issuer_url="http://login.example.fi",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            label="Kirjaudu",
        )

    assert list(excinfo.value.message_dict) == ["issuer_url"]


def test_only_the_tenant_admin_configures_single_sign_on(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")

    with pytest.raises(PermissionDenied):
        sso_provider_configure(
            actor=coach,
            issuer_url="https://login.example.fi",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            label="Kirjaudu",
        )


def test_settings_page_keeps_the_secret_and_shows_the_redirect_uri(
    tenants, admin_a, client_for, sso_a, idp
):
    client = client_for(tenants.a, admin_a)

    page = client.get("/accounts/sso/").content.decode()
    assert f"http://{HOST_A}/accounts/oidc/sso/login/callback/" in page
    assert CLIENT_SECRET not in page
    response = client.post(
        "/accounts/sso/",
        {
            "label": "Uusi teksti",
            "issuer_url": idp.url,
            "client_id": CLIENT_ID,
            "client_secret": "",
            "enabled": "on",
        },
    )

    assert response.status_code == 302
    connection.set_tenant(tenants.a)
    sso_a.refresh_from_db()
    assert sso_a.name == "Uusi teksti"
    assert sso_a.secret == CLIENT_SECRET


def test_second_factor_is_still_asked_after_single_sign_on(tenants, make_account, sso_a, idp):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    coach = make_account(tenants.a, role="work_coach", email="kaksi.vaihetta@joensuu.fi")
    TOTP.activate(coach, generate_totp_secret())
    client = host_client(HOST_A)

    response = sso_sign_in(client, idp, {"email": coach.email, "email_verified": True})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None
