"""WebAuthn security keys and passkeys, driven by a software authenticator in the test.

The authenticator below does what a browser and a security key do together: it builds the
client data and authenticator data, and signs with its own P-256 key. Valmo verifies them
through allauth and python-fido2 exactly as it would for a real key.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets

import pytest
from allauth.mfa.models import Authenticator
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import connection
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

from accounts.services import security_policy_update

from .conftest import PASSWORD, host_client, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

HOST_A = "test-a.test.localhost"
ORIGIN = f"http://{HOST_A}"
FLAGS = AuthenticatorData.FLAG


class SoftAuthenticator:
    """One resident credential on one relying party, with user verification (a passkey)."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(32)
        self.user_handle = b""
        self.counter = 0

    def register(self, options: dict, origin: str = ORIGIN) -> dict:
        public_key = options["publicKey"]
        self.rp_id = public_key["rp"]["id"]
        self.user_handle = websafe_decode(public_key["user"]["id"])
        client_data = CollectedClientData.create(
            type="webauthn.create", challenge=public_key["challenge"], origin=origin
        )
        credential = AttestedCredentialData.create(
            Aaguid.NONE, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256(self.rp_id.encode()).digest(),
            FLAGS.UP | FLAGS.UV | FLAGS.AT,
            self.counter,
            credential,
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(attestation),
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
        }

    def sign(self, options: dict, origin: str = ORIGIN, rp_id: str | None = None) -> dict:
        public_key = options["publicKey"]
        self.counter += 1
        client_data = CollectedClientData.create(
            type="webauthn.get", challenge=public_key["challenge"], origin=origin
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256((rp_id or self.rp_id).encode()).digest(),
            FLAGS.UP | FLAGS.UV,
            self.counter,
        )
        signature = self.key.sign(
            bytes(auth_data) + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(auth_data),
                "signature": websafe_encode(signature),
                "userHandle": websafe_encode(self.user_handle),
            },
            "clientExtensionResults": {},
        }


def _js_data(response) -> dict:
    match = re.search(
        r'<script id="js_data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, response.content.decode()[:1000]
    return json.loads(match.group(1))


def register_passkey(client, authenticator: SoftAuthenticator):
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/webauthn/add/")
    credential = authenticator.register(_js_data(page)["creation_options"])
    return client.post(
        "/accounts/2fa/webauthn/add/",
        {"name": "Avain", "passwordless": "on", "credential": json.dumps(credential)},
    )


def passkey_sign_in(client, authenticator: SoftAuthenticator, **kwargs):
    options = client.get(
        "/accounts/2fa/webauthn/login/", HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    ).json()["request_options"]
    credential = authenticator.sign(options, **kwargs)
    return client.post("/accounts/2fa/webauthn/login/", {"credential": json.dumps(credential)})


@pytest.fixture
def coach_with_passkey(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    authenticator = SoftAuthenticator()
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    response = register_passkey(client, authenticator)
    assert response.status_code == 302, response.content.decode()[:2000]
    return coach, authenticator


def test_security_key_is_registered(tenants, coach_with_passkey):
    coach, _authenticator = coach_with_passkey

    connection.set_tenant(tenants.a)
    key = Authenticator.objects.get(user=coach, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().is_passwordless is True
    assert Authenticator.objects.filter(user=coach, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_passkey_signs_in_without_a_password(tenants, coach_with_passkey):
    coach, authenticator = coach_with_passkey
    client = host_client(HOST_A)

    response = passkey_sign_in(client, authenticator)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == coach.pk


def test_passkey_from_another_origin_is_refused(tenants, coach_with_passkey):
    _coach, authenticator = coach_with_passkey
    client = host_client(HOST_A)

    # A phishing site cannot use the key: the browser would report its own RP ID.
    response = passkey_sign_in(client, authenticator, rp_id="evil.example")

    assert response["Location"] == "/accounts/login/"
    assert signed_in_user_id(client) is None


def test_security_key_is_asked_after_the_password(tenants, coach_with_passkey):
    coach, authenticator = coach_with_passkey
    client = host_client(HOST_A)

    assert sign_in(client, coach.email)["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None
    page = client.get("/accounts/2fa/authenticate/")
    credential = authenticator.sign(_js_data(page)["request_options"])
    response = client.post("/accounts/2fa/authenticate/", {"credential": json.dumps(credential)})

    assert response.status_code == 302
    assert signed_in_user_id(client) == coach.pk


def test_security_key_satisfies_required_mfa(tenants, make_account, coach_with_passkey):
    coach, authenticator = coach_with_passkey
    admin = make_account(tenants.a, role="tenant_admin")
    security_policy_update(actor=admin, mfa_required_for_staff=True)
    client = host_client(HOST_A)

    passkey_sign_in(client, authenticator)

    assert signed_in_user_id(client) == coach.pk
    assert client.get("/").status_code == 200
