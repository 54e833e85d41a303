"""The integrations page: API keys and webhooks as the tenant admin, refusals and roles."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiKey
from integrations.models import WebhookDelivery, WebhookSubscription
from tests.conftest import host_of
from tests.integrations.receiver import receiver_start

pytestmark = pytest.mark.django_db
URL = "/asetukset/rajapinta/"


@pytest.fixture
def admin_client(tenant_a, staff, client_for):
    client = client_for(tenant_a, staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _key_data(**extra):
    data = {
        "name": "Asiakastietojärjestelmä",
        "role": "tenant_admin",
        "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "allowed_networks": "192.0.2.0/24",
        "rate_limit_per_minute": "60",
    }
    data.update(extra)
    return data


def test_the_admin_creates_a_key_sees_it_once_and_revokes_it(admin_client, tenant_a, client_for):
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert 'href="/asetukset/rajapinta/"' in page.content.decode()  # in the navigation
    created = admin_client.post(f"{URL}avaimet/", _key_data())
    assert created.status_code == 200
    token = re.search(r'id="new-key-token">([^<]+)<', created.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert token.startswith(f"valmo_{key.prefix}_")
    assert key.allowed_networks == ["192.0.2.0/24"]
    assert key.rate_limit_per_minute == 60
    assert token not in admin_client.get(URL).content.decode()  # shown once only
    api = client_for(tenant_a)
    api.defaults.update(HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR="192.0.2.5")
    assert api.get("/api/v1/sites/").status_code == 200
    revoked = admin_client.post(f"{URL}avaimet/{key.pk}/peru/")
    assert revoked.status_code == 302
    assert api.get("/api/v1/sites/").status_code == 401
    assert "Revoked" in admin_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "id_name"),
        ({"role": "trainee"}, "id_role"),
        ({"expires_on": "2001-01-01"}, "id_expires_on"),
        ({"allowed_networks": "not-a-range"}, "id_allowed_networks"),
    ],
)
def test_bad_key_input_is_a_400_at_its_field(admin_client, changes, field):
    response = admin_client.post(f"{URL}avaimet/", _key_data(**changes))
    assert response.status_code == 400
    assert f'href="#{field}"' in response.content.decode()
    assert not ApiKey.objects.exists()


def test_the_admin_subscribes_a_webhook_and_resends_from_the_log(
    admin_client, staff, make_period, django_capture_on_commit_callbacks
):
    from coaching.services import coaching_period_transition

    receiver, server = receiver_start()
    try:
        created = admin_client.post(
            f"{URL}webhookit/",
            {"url": receiver.url, "event_types": ["period.phase_changed"], "detail_role": ""},
        )
        assert created.status_code == 200
        subscription = WebhookSubscription.objects.get()
        assert subscription.secret in created.content.decode()
        assert subscription.secret not in admin_client.get(URL).content.decode()
        period = make_period("coaching")
        with django_capture_on_commit_callbacks(execute=True):
            coaching_period_transition(
                period=period, to_phase="interrupted", actor=staff.admin, reason="sairaus"
            )
        delivery = WebhookDelivery.objects.get()
        log = admin_client.get(f"{URL}webhookit/{subscription.pk}/")
        assert log.status_code == 200
        assert "Delivered" in log.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            resent = admin_client.post(f"{URL}toimitukset/{delivery.pk}/uudelleen/")
        assert resent.status_code == 302
        assert WebhookDelivery.objects.filter(resent_from=delivery, status="delivered").exists()
        assert len(receiver.received) == 2
        deleted = admin_client.post(f"{URL}webhookit/{subscription.pk}/poista/")
        assert deleted.status_code == 302
        assert receiver.url not in admin_client.get(URL).content.decode()
    finally:
        server.shutdown()
        server.server_close()


def test_a_non_https_webhook_is_a_400_at_the_url(admin_client):
    response = admin_client.post(
        f"{URL}webhookit/",
        {"url": "http://192.0.2.1/hook", "event_types": ["certificate.issued"]},
    )
    assert response.status_code == 400
    assert 'href="#id_url"' in response.content.decode()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("role", ["work_coach", "career_agent", "unit_supervisor", "trainee"])
def test_other_roles_are_refused(tenant_a, make_user, client_for, role):
    client = client_for(tenant_a, make_user(tenant_a, role=role))
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}avaimet/", _key_data()).status_code == 403
    assert 'href="/asetukset/rajapinta/"' not in client.get("/").content.decode()
    assert not ApiKey.objects.exists()


def test_signed_out_visitors_go_to_sign_in(tenant_a):
    from django.test import Client

    response = Client(HTTP_HOST=host_of(tenant_a)).get(URL)
    assert response.status_code == 302
