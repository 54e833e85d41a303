"""Signed-in pages carry the idle time-out so the page itself can warn and sign out."""

from __future__ import annotations

import re

from accounts.services import security_policy_update


def _idle_seconds(response) -> str | None:
    match = re.search(r'<body[^>]* data-idle-seconds="(\d+)"', response.content.decode())
    return match.group(1) if match else None


def test_signed_in_pages_carry_the_policys_idle_time_out(tenant_a, make_user, client_for):
    admin = make_user(tenant_a, role="tenant_admin")
    coach = make_user(tenant_a, role="work_coach")
    security_policy_update(actor=admin, session_idle_minutes=15)

    response = client_for(tenant_a, coach).get("/tehtavat/")

    assert response.status_code == 200
    assert _idle_seconds(response) == str(15 * 60)
    assert 'id="idle-warning"' in response.content.decode()
    assert "data-logout-form" in response.content.decode()


def test_signed_out_pages_have_no_time_out(tenant_a, client_for):
    response = client_for(tenant_a).get("/accounts/login/")

    assert _idle_seconds(response) is None
    assert 'id="idle-warning"' not in response.content.decode()
