"""The demo's printed logins work with mandatory e-mail confirmation."""

from __future__ import annotations

import pytest

from onboarding.demo import DEMO_PASSWORD

from .conftest import host_client, sign_in, signed_in_user_id

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_accounts_sign_in(demo):
    report = demo.report

    public = host_client("demo.test.localhost")
    assert sign_in(public, report["operator_email"], DEMO_PASSWORD)["Location"] == "/operaattori/"
    for municipality in report["municipalities"]:
        for email, _role in municipality["staff"]:
            client = host_client(municipality["domain"])
            response = sign_in(client, email, DEMO_PASSWORD)
            assert response.status_code == 302, email
            assert signed_in_user_id(client) is not None, email
