"""Password reset by e-mail link, per municipality host."""

from __future__ import annotations

import pytest
from django.core import mail

from .conftest import PASSWORD, host_client, link_in_mail, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

HOST_A = "test-a.test.localhost"
NEW_PASSWORD = "Uusi-Salasana-2026!"


def test_password_reset_by_email_link(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")
    client = host_client(HOST_A)

    response = client.post("/accounts/password/reset/", {"email": coach.email})

    assert response.status_code == 302
    assert mail.outbox[-1].to == [coach.email]
    key_path = link_in_mail("/accounts/password/reset/key/")
    assert f"http://{HOST_A}/accounts/password/reset/key/" in mail.outbox[-1].body
    form_page = client.get(key_path, follow=True)
    assert form_page.status_code == 200
    set_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else key_path
    done = client.post(set_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    assert sign_in(host_client(HOST_A), coach.email, PASSWORD).status_code == 200
    fresh = host_client(HOST_A)
    assert sign_in(fresh, coach.email, NEW_PASSWORD)["Location"] == "/"
    assert signed_in_user_id(fresh) == coach.pk
    # The link is spent.
    spent = host_client(HOST_A).get(key_path, follow=True)
    assert spent.context["token_fail"] is True


def test_reset_on_another_host_sends_no_link(tenants, make_account):
    coach = make_account(tenants.a, role="work_coach")

    host_client("test-b.test.localhost").post("/accounts/password/reset/", {"email": coach.email})

    # Enumeration is prevented: a message may be sent, but never a working reset link.
    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)
