"""Webhooks: subscriptions, signed deliveries to a real local receiver, retries, re-send.

The receiver is a real ``http.server`` on 127.0.0.1 (allowed by the test settings only);
Celery runs eagerly here, so a failed attempt's retry runs at once.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from coaching import services as coaching_services
from integrations.models import WebhookDelivery, WebhookSubscription
from integrations.services import (
    delivery_attempt,
    delivery_resend,
    subscription_create,
    subscription_delete,
)
from integrations.signing import signature_header, signature_verify
from integrations.targets import TargetRefused, target_check
from privacy.models import AuditEvent
from tests.privacy.conftest import MARKER

from .receiver import receiver_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    receiver, server = receiver_start()
    yield receiver
    server.shutdown()
    server.server_close()


def _subscribe(world, receiver, events=("period.phase_changed",), **extra):
    return subscription_create(
        actor=world.staff.admin, url=receiver.url, event_types=list(events), **extra
    )


def _interrupt(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coaching_services.coaching_period_transition(
            period=world.other.period,
            to_phase="interrupted",
            actor=world.staff.admin,
            reason="sairaus",
        )


def test_an_event_is_delivered_signed_and_without_personal_data(
    world, receiver, django_capture_on_commit_callbacks
):
    subscription = _subscribe(world, receiver)
    assert subscription.secret.startswith("whsec_")
    _interrupt(world, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert signature_verify(subscription.secret, request.body, request.headers["Valmo-Signature"])
    assert not signature_verify("whsec_wrong", request.body, request.headers["Valmo-Signature"])
    payload = json.loads(request.body)
    assert payload["type"] == "period.phase_changed"
    assert request.headers["Valmo-Event"] == "period.phase_changed"
    assert request.headers["Valmo-Delivery"] == payload["id"]
    assert payload["data"] == {
        "object_type": "coaching.coachingperiod",
        "object_id": world.other.period.pk,
        "from_phase": "coaching",
        "to_phase": "interrupted",
    }
    assert "Etu" not in request.body.decode()  # no names: ids and codes only
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == "delivered"
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert delivery.delivered_at is not None


def test_a_role_that_reads_every_trainee_gets_the_name(
    world, receiver, django_capture_on_commit_callbacks
):
    _subscribe(world, receiver, detail_role="tenant_admin")
    _interrupt(world, django_capture_on_commit_callbacks)
    payload = json.loads(receiver.received[0].body)
    assert payload["data"]["trainee"] == {
        "id": world.other.trainee.pk,
        "first_name": world.other.trainee.first_name,
        "last_name": world.other.trainee.last_name,
    }


def test_a_scoped_role_still_gets_ids_only(world, receiver, django_capture_on_commit_callbacks):
    _subscribe(world, receiver, detail_role="work_coach")
    _interrupt(world, django_capture_on_commit_callbacks)
    assert "trainee" not in json.loads(receiver.received[0].body)["data"]


def test_a_failed_attempt_is_retried_with_backoff_until_it_succeeds(
    world, receiver, django_capture_on_commit_callbacks, settings
):
    settings.VALMO_WEBHOOK_RETRY_BASE_SECONDS = 0
    receiver.script = [500, 503]
    subscription = _subscribe(world, receiver)
    _interrupt(world, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 3
    ids = {json.loads(request.body)["id"] for request in receiver.received}
    assert len(ids) == 1  # the same event each time
    for request in receiver.received:
        assert signature_verify(
            subscription.secret, request.body, request.headers["Valmo-Signature"]
        )
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)


def test_attempts_stop_at_the_maximum_and_the_delivery_fails(
    world, receiver, django_capture_on_commit_callbacks, settings
):
    settings.VALMO_WEBHOOK_MAX_ATTEMPTS = 2
    receiver.script = [500, 500]
    subscription = _subscribe(world, receiver)
    _interrupt(world, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 2
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 2, "HTTP 500")
    # Re-send: a new delivery of the same event, logged beside the failed one.
    with django_capture_on_commit_callbacks(execute=True):
        again = delivery_resend(actor=world.staff.admin, delivery=delivery)
    again.refresh_from_db()
    assert again.status == "delivered"
    assert again.resent_from_id == delivery.pk
    assert again.event_id == delivery.event_id
    assert len(receiver.received) == 3
    with pytest.raises(PermissionDenied):
        delivery_resend(actor=world.staff.coach, delivery=delivery)


def test_the_delivery_task_is_idempotent(world, receiver, django_capture_on_commit_callbacks):
    subscription = _subscribe(world, receiver)
    _interrupt(world, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery_attempt(delivery_id=delivery.pk, attempt=1) == "skipped"
    assert delivery_attempt(delivery_id=delivery.pk, attempt=2) == "skipped"  # delivered
    assert len(receiver.received) == 1


def test_a_rolled_back_write_publishes_nothing(world, receiver, django_capture_on_commit_callbacks):
    _subscribe(world, receiver)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        coaching_services.coaching_period_transition(
            period=world.other.period, to_phase="ended", actor=world.staff.admin, reason=""
        )
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_only_subscribed_events_are_sent_and_deleted_subscriptions_get_nothing(
    world, receiver, django_capture_on_commit_callbacks
):
    other = _subscribe(world, receiver, events=("certificate.issued",))
    deleted = _subscribe(world, receiver)
    subscription_delete(actor=world.staff.admin, subscription=deleted)
    _interrupt(world, django_capture_on_commit_callbacks)
    assert receiver.received == []
    assert not WebhookDelivery.objects.filter(subscription__in=[other, deleted]).exists()
    assert AuditEvent.objects.filter(
        object_type="integrations.webhooksubscription", object_id=str(deleted.pk), action="delete"
    ).exists()


def test_referral_accepted_is_published_when_a_period_opens_from_it(
    world, receiver, django_capture_on_commit_callbacks
):
    from coaching.models import Trainee

    subscription = _subscribe(world, receiver, events=("referral.accepted",))
    trainee = Trainee.objects.create(first_name="Uusi", last_name="Valmentautuja")
    referral = world.own.referral
    type(referral).objects.filter(pk=referral.pk).update(trainee=trainee)
    referral.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        result = coaching_services.coaching_period_create(
            actor=world.staff.admin,
            trainee=trainee,
            coach=world.staff.coach,
            start_on=world.own.period.start_on,
            planned_end_on=world.own.period.planned_end_on,
            referral=referral,
        )
    payload = json.loads(receiver.received[0].body)
    assert payload["type"] == "referral.accepted"
    assert payload["data"]["object_id"] == referral.pk
    assert payload["data"]["period_id"] == result.period.pk
    assert WebhookDelivery.objects.get(subscription=subscription).status == "delivered"


@pytest.mark.parametrize(
    ("url", "events", "field"),
    [
        ("ftp://example.com/hook", ["period.phase_changed"], "url"),
        ("https://user:pw@example.com/hook", ["period.phase_changed"], "url"),
        ("https://93.184.215.14/hook", [], "event_types"),
        ("https://93.184.215.14/hook", ["trainee.deleted"], "event_types"),
    ],
)
def test_bad_subscriptions_are_refused_on_their_field(world, url, events, field):
    with pytest.raises(ValidationError) as error:
        subscription_create(actor=world.staff.admin, url=url, event_types=events)
    assert field in error.value.message_dict
    assert not WebhookSubscription.objects.exists()


@override_settings(VALMO_WEBHOOK_ALLOW_LOCAL_HTTP=False)
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_and_local_targets_are_refused_in_production(url):
    with pytest.raises(TargetRefused):
        target_check(url)


@override_settings(VALMO_WEBHOOK_ALLOW_LOCAL_HTTP=False)
def test_a_public_https_address_is_accepted():
    assert target_check("https://93.184.215.14/hook") == "https://93.184.215.14/hook"


def test_signatures_expire_after_five_minutes():
    body = b'{"id":"x"}'
    now = int(time.time())
    header = signature_header("whsec_s", body, now - 299)
    assert signature_verify("whsec_s", body, header)
    old = signature_header("whsec_s", body, now - int(timedelta(minutes=6).total_seconds()))
    assert not signature_verify("whsec_s", body, old)
    assert not signature_verify("whsec_s", body + b" ", header)
    assert not signature_verify("whsec_s", body, "v1=abc")


def test_only_the_tenant_admin_subscribes(world, receiver):
    with pytest.raises(PermissionDenied):
        subscription_create(
            actor=world.staff.coach, url=receiver.url, event_types=["period.phase_changed"]
        )


def test_a_marker_never_reaches_an_ids_only_receiver(
    world, receiver, django_capture_on_commit_callbacks
):
    _subscribe(world, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        coaching_services.coaching_period_transition(
            period=world.own.period, to_phase="interrupted", actor=world.staff.admin, reason="x"
        )
    assert receiver.received
    assert MARKER not in receiver.received[0].body.decode()
