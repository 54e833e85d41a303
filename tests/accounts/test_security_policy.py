"""The schema's sign-in policy: defaults, who may change it, idle time-out, trainee sign-in."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.middleware import LAST_SEEN_KEY
from accounts.models import SecurityPolicy
from accounts.selectors import security_policy_get
from accounts.services import security_policy_update

from .conftest import host_client, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

HOST_A = "test-a.test.localhost"


def test_defaults_apply_without_a_row(tenant_a):
    policy = security_policy_get()

    assert policy.pk is None
    assert policy.mfa_required_for_staff is False
    assert policy.session_idle_minutes == 30
    assert policy.trainee_sign_in_allowed is True
    assert policy.sso_new_staff_role == ""


def test_tenant_admin_changes_the_policy(tenants, make_account):
    admin = make_account(tenants.a, role="tenant_admin")

    policy = security_policy_update(
        actor=admin, mfa_required_for_staff=True, session_idle_minutes=15
    )

    assert policy.pk is not None
    assert security_policy_get().mfa_required_for_staff is True
    assert security_policy_get().session_idle_minutes == 15
    assert security_policy_get().updated_by == admin
    assert SecurityPolicy.objects.count() == 1
    connection.set_tenant(tenants.b)
    assert security_policy_get().mfa_required_for_staff is False  # the other municipality's own


@pytest.mark.parametrize("role", ["work_coach", "career_agent", "unit_supervisor", "trainee"])
def test_only_the_tenant_admin_may_change_the_policy(tenants, make_account, role):
    actor = make_account(tenants.a, role=role)

    with pytest.raises(PermissionDenied):
        security_policy_update(actor=actor, mfa_required_for_staff=True)

    assert not SecurityPolicy.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"session_idle_minutes": 4}, "session_idle_minutes"),
        ({"session_idle_minutes": 481}, "session_idle_minutes"),
        ({"sso_new_staff_role": "tenant_admin"}, "sso_new_staff_role"),
        ({"sso_new_staff_role": "trainee"}, "sso_new_staff_role"),
    ],
)
def test_invalid_policy_names_the_field(tenants, make_account, values, field):
    admin = make_account(tenants.a, role="tenant_admin")

    with pytest.raises(ValidationError) as excinfo:
        security_policy_update(actor=admin, **values)

    assert list(excinfo.value.message_dict) == [field]
    assert not SecurityPolicy.objects.exists()


def test_policy_page_for_the_tenant_admin(tenants, make_account, client_for):
    admin = make_account(tenants.a, role="tenant_admin")
    coach = make_account(tenants.a, role="work_coach")
    client = client_for(tenants.a, admin)

    assert client_for(tenants.a, coach).get("/accounts/security/").status_code == 403
    assert client.get("/accounts/security/").status_code == 200
    response = client.post(
        "/accounts/security/",
        {
            "mfa_required_for_staff": "on",
            "session_idle_minutes": "20",
            "trainee_sign_in_allowed": "",
            "sso_new_staff_role": "",
        },
    )

    assert response.status_code == 302
    connection.set_tenant(tenants.a)
    policy = security_policy_get()
    assert (policy.mfa_required_for_staff, policy.session_idle_minutes) == (True, 20)
    assert policy.trainee_sign_in_allowed is False


def test_idle_session_is_signed_out(tenants, make_account):
    admin = make_account(tenants.a, role="tenant_admin")
    security_policy_update(actor=admin, session_idle_minutes=10)
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    assert client.get("/accounts/").status_code == 200

    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 9 * 60
    session.save()
    assert client.get("/accounts/").status_code == 200  # 9 minutes idle: still signed in
    assert signed_in_user_id(client) == coach.pk

    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 11 * 60
    session.save()
    response = client.get("/accounts/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert signed_in_user_id(client) is None
    assert client.get("/accounts/").status_code == 302


def test_activity_keeps_the_session_alive(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 29 * 60
    session.save()

    client.get("/accounts/")

    assert time.time() - client.session[LAST_SEEN_KEY] < 5


def test_session_cookie_ends_with_the_browser(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)

    sign_in(client, coach.email)

    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "remember" not in host_client(HOST_A).get("/accounts/login/").content.decode()


def test_trainee_sign_in_can_be_turned_off(tenants, make_account):
    admin = make_account(tenants.a, role="tenant_admin")
    trainee = make_account(tenants.a, role="trainee")
    client = host_client(HOST_A)
    assert sign_in(client, trainee.email)["Location"] == "/oma/"  # a trainee's own pages

    security_policy_update(actor=admin, trainee_sign_in_allowed=False)

    # The open session ends at the next request, and a new sign-in is refused.
    client.get("/")
    assert signed_in_user_id(client) is None
    refused = sign_in(host_client(HOST_A, HTTP_ACCEPT_LANGUAGE="en"), trainee.email)
    assert refused.status_code == 403
    assert "Trainees cannot sign in" in refused.content.decode()
    staff = make_account(tenants.a, role="work_coach")
    assert sign_in(host_client(HOST_A), staff.email)["Location"] == "/"
