"""Two-factor authentication: TOTP with real codes, recovery codes, the MFA-required policy."""

from __future__ import annotations

import json
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.db import connection

from accounts.services import security_policy_update

from .conftest import PASSWORD, host_client, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

HOST_A = "test-a.test.localhost"


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now, computed from the shared secret (RFC 6238)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def _tolerate_a_clock_step(settings):
    # A code computed at the end of a 30-second step is still accepted in the next one.
    settings.MFA_TOTP_TOLERANCE = 1


def activate_totp(client) -> str:
    """Walk through the TOTP set-up page as a person would; return the shared secret."""
    page = client.get("/accounts/2fa/totp/activate/")
    if page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/"):
        # Changing sign-in settings asks for the password again, even right after sign-in.
        reauth = client.post(page["Location"], {"password": PASSWORD})
        assert reauth["Location"] == "/accounts/2fa/totp/activate/"
        page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.content.decode()  # shown for manual entry next to the QR code
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_now(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    return secret


@pytest.fixture
def coach_with_totp(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    secret = activate_totp(client)
    return coach, secret


def test_totp_activation_stores_an_authenticator_and_recovery_codes(tenants, coach_with_totp):
    coach, _secret = coach_with_totp

    connection.set_tenant(tenants.a)
    types = set(Authenticator.objects.filter(user=coach).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = RecoveryCodes(
        Authenticator.objects.get(user=coach, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10


def test_wrong_code_does_not_activate_totp(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    wrong = f"{(int(totp_now(secret)) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/2fa/totp/activate/", {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    connection.set_tenant(tenants.a)
    assert not Authenticator.objects.filter(user=coach).exists()


def test_sign_in_asks_for_the_totp_code(tenants, coach_with_totp):
    coach, secret = coach_with_totp
    client = host_client(HOST_A)

    first = sign_in(client, coach.email)
    assert first["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None  # the password alone is not enough

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == coach.pk


def test_wrong_or_replayed_totp_code_is_refused(tenants, coach_with_totp):
    coach, secret = coach_with_totp
    code = totp_now(secret)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    client = host_client(HOST_A)
    sign_in(client, coach.email)

    refused = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert refused.status_code == 200
    assert signed_in_user_id(client) is None

    assert client.post("/accounts/2fa/authenticate/", {"code": code})["Location"] == "/"

    # The same code cannot be used a second time, e.g. by someone who saw it over a shoulder.
    second = host_client(HOST_A)
    sign_in(second, coach.email)
    replay = second.post("/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200
    assert signed_in_user_id(second) is None


def test_recovery_code_signs_in_once(tenants, coach_with_totp):
    coach, _secret = coach_with_totp
    connection.set_tenant(tenants.a)
    recovery = RecoveryCodes(
        Authenticator.objects.get(user=coach, type=Authenticator.Type.RECOVERY_CODES)
    )
    code = recovery.get_unused_codes()[3]

    client = host_client(HOST_A)
    sign_in(client, coach.email)
    assert client.post("/accounts/2fa/authenticate/", {"code": code})["Location"] == "/"
    assert signed_in_user_id(client) == coach.pk

    connection.set_tenant(tenants.a)
    recovery.instance.refresh_from_db()
    assert code not in recovery.get_unused_codes()
    assert len(recovery.get_unused_codes()) == 9

    again = host_client(HOST_A)
    sign_in(again, coach.email)
    assert again.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert signed_in_user_id(again) is None


def test_totp_of_one_tenant_is_unknown_on_another(tenants, coach_with_totp, make_account):
    coach, _secret = coach_with_totp
    namesake = make_account(tenants.b, role="work_coach", email=coach.email)
    client = host_client("test-b.test.localhost")

    # The same address in municipality B has its own account, without any second factor.
    assert sign_in(client, namesake.email)["Location"] == "/"
    assert signed_in_user_id(client) == namesake.pk


@pytest.fixture
def mfa_required(tenants, make_account):
    admin = make_account(tenants.a, role="tenant_admin")
    security_policy_update(actor=admin, mfa_required_for_staff=True)
    return admin


def test_required_mfa_holds_staff_at_the_set_up_page(tenants, make_account, mfa_required):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)

    for path in ("/", "/tehtavat/", "/accounts/invitations/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/", path
    api = client.get("/api/v1/sites/")
    assert api.status_code == 403
    assert api.json()["code"] == "mfa_required"
    assert client.get("/accounts/2fa/").status_code == 200

    activate_totp(client)

    assert client.get("/").status_code == 200
    assert "mfa_required" not in client.get("/api/v1/sites/").content.decode()


def test_required_mfa_does_not_apply_to_trainees(tenants, make_account, mfa_required):
    trainee = make_account(tenants.a, role="trainee")
    client = host_client(HOST_A)
    sign_in(client, trainee.email)

    assert client.get("/oma/").status_code == 200  # a trainee's front page is their own pages


def test_required_mfa_is_per_tenant(tenants, make_account, mfa_required):
    coach_b = make_account(tenants.b, role="work_coach")
    client = host_client("test-b.test.localhost")
    sign_in(client, coach_b.email)

    assert client.get("/").status_code == 200


def test_last_factor_cannot_be_removed_while_mfa_is_required(
    tenants, coach_with_totp, mfa_required
):
    coach, secret = coach_with_totp
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert response.context["form"].errors
    connection.set_tenant(tenants.a)
    assert Authenticator.objects.filter(user=coach, type=Authenticator.Type.TOTP).exists()


def test_factor_can_be_removed_when_mfa_is_optional(tenants, coach_with_totp):
    coach, secret = coach_with_totp
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 302
    connection.set_tenant(tenants.a)
    assert not Authenticator.objects.filter(user=coach, type=Authenticator.Type.TOTP).exists()


def test_webauthn_registration_is_offered_for_the_tenant_host(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)

    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/webauthn/add/")

    assert page.status_code == 200
    data = json.loads(
        re.search(
            r'<script id="js_data" type="application/json">(.*?)</script>',
            page.content.decode(),
            re.S,
        ).group(1)
    )
    rp = data["creation_options"]["publicKey"]["rp"]
    assert rp["id"] == HOST_A  # a key registered here is useless on another municipality's host
    assert rp["name"] == "Valmo – Testikunta A"
    # Passkey sign-in is offered on the sign-in page.
    assert 'id="passkey_login"' in host_client(HOST_A).get("/accounts/login/").content.decode()


def test_totp_issuer_names_the_municipality(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)

    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")

    assert "issuer=Valmo%20%E2%80%93%20Testikunta%20A" in page.context["totp_url"]
