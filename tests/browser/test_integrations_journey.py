"""The tenant admin on a phone: an API key created (shown once), used and revoked; a webhook
subscribed, an event delivered to a real local receiver, and re-sent from the delivery log."""

from __future__ import annotations

import json
import threading

import pytest
import requests
from django.db import connection

from integrations.signing import signature_verify
from tests.integrations.receiver import receiver_start

from .conftest import build_group, nav_click, phone_checks, sign_in, user_ensure

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def admin(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return user_ensure(web_tenant, "admin-integrations@test-web.example.fi", "tenant_admin")


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return build_group(web_tenant, size=1, label="integrations")


@pytest.fixture
def receiver():
    receiver, server = receiver_start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _api_get(web_tenant, server_port, token: str) -> int:
    response = requests.get(
        f"http://127.0.0.1:{server_port}/api/v1/sites/",
        headers={"Host": web_tenant.host, "Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return response.status_code


def test_an_api_key_is_created_used_and_revoked(new_page, base, admin, web_tenant, server_port):
    page = new_page()
    sign_in(page, base, admin)
    nav_click(page, "Integraatiot")
    page.wait_for_url("**/asetukset/rajapinta/")
    phone_checks(page)

    page.fill("input[name=name]", "Asiakastietojärjestelmä")
    page.select_option("select[name=role]", "tenant_admin")
    page.click("button >> text=Luo avain")
    token = page.locator("#new-key-token").inner_text().strip()
    assert token.startswith("valmo_")
    phone_checks(page)
    assert _api_get(web_tenant, server_port, token) == 200

    page.goto(f"{base}/asetukset/rajapinta/")
    assert token not in page.content()  # shown once only
    page.click("button >> text=Peru avain Asiakastietojärjestelmä")
    page.wait_for_url("**/asetukset/rajapinta/")
    assert page.locator(".hds-status-label >> text=Peruttu").count() >= 1
    assert _api_get(web_tenant, server_port, token) == 401


def test_a_webhook_is_delivered_and_resent(
    new_page, base, admin, group, web_tenant, receiver, django_db_blocker
):
    from accounts.models import User
    from coaching.models import CoachingPeriod
    from coaching.services import coaching_period_transition

    page = new_page()
    sign_in(page, base, admin)
    page.goto(f"{base}/asetukset/rajapinta/")
    page.fill("input[name=url]", receiver.url)
    page.fill("input[name=description]", "Asiakastietojärjestelmän vastaanotin")
    page.click("button >> text=Luo webhook")
    secret = page.locator("#new-webhook-secret").inner_text().strip()
    assert secret.startswith("whsec_")
    phone_checks(page)

    # Committed in a thread of its own (the test's transaction would never commit, and the
    # event is published on commit), as the coach's next change would be.
    def interrupt() -> None:
        with django_db_blocker.unblock():
            connection.set_tenant(web_tenant)
            try:
                coaching_period_transition(
                    period=CoachingPeriod.objects.get(pk=group.period_ids[0]),
                    to_phase="interrupted",
                    actor=User.objects.get(email=admin),
                    reason="Sairausloma",
                )
            finally:
                connection.close()

    worker = threading.Thread(target=interrupt)
    worker.start()
    worker.join(timeout=60)
    assert len(receiver.received) == 1
    first = receiver.received[0]
    assert signature_verify(secret, first.body, first.headers["Valmo-Signature"])
    assert json.loads(first.body)["data"]["object_id"] == group.period_ids[0]

    page.goto(f"{base}/asetukset/rajapinta/")
    page.click("a >> text=1 toimitus")
    page.wait_for_url("**/asetukset/rajapinta/webhookit/*/")
    assert page.locator(".hds-status-label >> text=Toimitettu").count() == 1
    phone_checks(page)
    page.locator("button", has_text="Lähetä uudelleen").first.click()
    page.wait_for_url("**/asetukset/rajapinta/webhookit/*/")
    assert page.locator(".hds-status-label >> text=Toimitettu").count() == 2
    assert len(receiver.received) == 2
    assert json.loads(receiver.received[1].body)["id"] == json.loads(first.body)["id"]
    phone_checks(page)

    # Deleted: nothing more is sent to it, and the log stays readable.
    page.goto(f"{base}/asetukset/rajapinta/")
    page.locator("button", has_text=f"Poista webhook {receiver.url}").click()
    page.wait_for_url("**/asetukset/rajapinta/")
    listed = page.locator("section[aria-labelledby=webhooks] .trainee-card", has_text=receiver.url)
    assert listed.count() == 0
