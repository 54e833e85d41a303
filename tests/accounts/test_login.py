"""E-mail sign-in: credentials, confirmation of the address, rate limits, where accounts work."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection

from .conftest import PASSWORD, host_client, link_in_mail, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

HOST_A = "test-a.test.localhost"
HOST_B = "test-b.test.localhost"
PUBLIC_HOST = "localhost"


def test_staff_signs_in_with_email_and_password(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach", email="Veera@Example.fi")
    client = host_client(HOST_A)

    response = sign_in(client, "veera@example.fi")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == coach.pk
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)

    response = sign_in(client, coach.email, "väärä-salasana-1")

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert response.context["form"].errors


def test_sign_in_page_is_finnish_by_default(tenants):
    response = host_client(HOST_A).get("/accounts/login/")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fi">' in body
    assert "Kirjaudu sisään" in body  # allauth's own Finnish catalogue
    assert "Testikunta A" in body
    assert "/accounts/signup/" not in body  # no self-registration


def test_unconfirmed_address_gets_a_confirmation_mail_first(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach", verified=False)
    client = host_client(HOST_A)

    response = sign_in(client, coach.email)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_user_id(client) is None
    assert mail.outbox[-1].to == [coach.email]

    confirm_path = link_in_mail("/accounts/confirm-email/")
    assert client.get(confirm_path).status_code == 200
    client.post(confirm_path)

    connection.set_tenant(tenants.a)
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(user=coach).verified
    assert sign_in(client, coach.email)["Location"] == "/"
    assert signed_in_user_id(client) == coach.pk


def _too_many_attempts() -> str:
    from allauth.account.adapter import DefaultAccountAdapter
    from django.utils import translation

    with translation.override("fi"):
        return str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])


def test_repeated_failures_are_refused_by_the_rate_limit(tenants, make_account, settings):
    import valmo.settings as production_settings

    settings.ACCOUNT_RATE_LIMITS = production_settings.ACCOUNT_RATE_LIMITS
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)

    for _attempt in range(5):
        response = sign_in(client, coach.email, "arvaus-arvaus-1")
        assert _too_many_attempts() not in response.content.decode()

    # Even the right password is refused now: the e-mail is locked for a while.
    refused = sign_in(client, coach.email, PASSWORD)
    assert refused.status_code == 200
    assert signed_in_user_id(client) is None
    assert refused.context["form"].errors["__all__"] == [_too_many_attempts()]


def test_rate_limit_counts_per_host(tenants, make_account, settings):
    import valmo.settings as production_settings

    settings.ACCOUNT_RATE_LIMITS = production_settings.ACCOUNT_RATE_LIMITS
    make_account(tenants.a, role="work_coach", email="sama@example.fi")
    other = make_account(tenants.b, role="work_coach", email="sama@example.fi")
    for _attempt in range(5):
        sign_in(host_client(HOST_A), "sama@example.fi", "arvaus-arvaus-1")

    client_b = host_client(HOST_B)
    assert sign_in(client_b, "sama@example.fi")["Location"] == "/"
    assert signed_in_user_id(client_b) == other.pk


def test_tenant_credentials_do_not_work_on_another_tenant_or_the_public_host(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach", email="vain-a@example.fi")

    for host in (HOST_B, PUBLIC_HOST):
        client = host_client(host)
        response = sign_in(client, coach.email)
        assert response.status_code == 200, host
        assert signed_in_user_id(client) is None, host

    own = host_client(HOST_A)
    sign_in(own, coach.email)
    assert signed_in_user_id(own) == coach.pk


def test_operator_signs_in_on_the_public_host_only(tenants, make_account):
    operator = make_account(
        None, role="platform_operator", email="operaattori@example.fi", is_staff=True
    )

    public = host_client(PUBLIC_HOST)
    response = sign_in(public, operator.email)
    assert response.status_code == 302
    assert response["Location"] == "/operaattori/"  # the operators' page, not the admin
    assert signed_in_user_id(public) == operator.pk

    tenant_client = host_client(HOST_A)
    assert sign_in(tenant_client, operator.email).status_code == 200
    assert signed_in_user_id(tenant_client) is None


def test_coordinator_lands_on_the_comparison_page(tenants, make_account):
    coordinator = make_account(None, role="regional_coordinator")
    client = host_client(PUBLIC_HOST)

    assert sign_in(client, coordinator.email)["Location"] == "/koordinaattori/"
    assert signed_in_user_id(client) == coordinator.pk


def test_an_account_with_a_role_of_the_other_side_cannot_sign_in(tenants, make_account):
    # A tenant role in the public schema (or the reverse) is refused, not silently accepted.
    stray = make_account(None, role="work_coach")
    client = host_client(PUBLIC_HOST, HTTP_ACCEPT_LANGUAGE="en")

    response = sign_in(client, stray.email)

    assert response.status_code == 403
    assert signed_in_user_id(client) is None
    assert "This account cannot sign in here." in response.content.decode()


def test_sessions_of_one_tenant_are_unknown_to_another(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)
    sign_in(client, coach.email)
    session_cookie = client.cookies["sessionid"].value

    other = host_client(HOST_B)
    other.cookies["sessionid"] = session_cookie
    response = other.get("/accounts/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_form_needs_a_csrf_token(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A, enforce_csrf_checks=True)

    response = sign_in(client, coach.email)

    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_no_self_registration(tenants):
    response = host_client(HOST_A).post(
        "/accounts/signup/",
        {"email": "uusi@example.fi", "password1": PASSWORD, "password2": PASSWORD},
    )

    from accounts.models import User

    connection.set_tenant(tenants.a)
    assert not User.objects.filter(email="uusi@example.fi").exists()
    assert response.status_code == 200
    assert "signup_closed" in " ".join(t.name for t in response.templates if t.name)


def test_admin_has_no_sign_in_form_of_its_own(tenants, make_account):
    admin = make_account(tenants.a, role="tenant_admin", is_staff=True)
    client = host_client(HOST_A)

    page = client.get("/admin/login/?next=/admin/")
    posted = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})

    assert page.status_code == 302
    assert page["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert posted.status_code == 302
    assert signed_in_user_id(client) is None
