"""The sweep: deliveries a dead worker or a lost message left unfinished are tried again.

A worker that dies mid-request leaves its attempt claimed with no outcome; the broker then
redelivers the task, which finds the attempt claimed and skips it. Without the sweep such a
delivery would wait forever. The receiver is real (``receiver.py``); Celery runs eagerly.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.models import WebhookDelivery
from integrations.services import delivery_attempt, delivery_sweep, subscription_create
from integrations.tasks import webhook_sweep_all

from .receiver import receiver_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    receiver, server = receiver_start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscription(world, receiver):
    return subscription_create(
        actor=world.staff.admin, url=receiver.url, event_types=["period.phase_changed"]
    )


def _delivery(subscription, **fields) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        subscription=subscription,
        event_type="period.phase_changed",
        payload={"id": "e1", "type": "period.phase_changed", "data": {"period": 1}},
        **fields,
    )


def test_an_attempt_whose_worker_died_is_retried_with_the_next_number(
    subscription, receiver, django_capture_on_commit_callbacks, settings
):
    settings.VALMO_WEBHOOK_STALE_SECONDS = 600
    long_ago = timezone.now() - timedelta(minutes=30)
    died = _delivery(subscription, attempts=1, attempt_started_at=long_ago)
    # The redelivered message of the dead worker finds its attempt claimed: nothing is sent.
    assert delivery_attempt(delivery_id=died.pk, attempt=1) == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        outcome = delivery_sweep()
    assert outcome["requeued"] == 1
    died.refresh_from_db()
    assert (died.status, died.attempts, died.attempt_started_at) == ("delivered", 2, None)
    assert json.loads(receiver.received[0].body)["id"] == "e1"


def test_a_lost_retry_and_a_never_sent_delivery_are_queued_again(
    subscription, receiver, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(hours=1)
    lost_retry = _delivery(
        subscription, status="retrying", attempts=2, next_attempt_at=long_ago, created_at=long_ago
    )
    never_sent = _delivery(subscription, created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_sweep()["requeued"] == 2
    lost_retry.refresh_from_db()
    never_sent.refresh_from_db()
    assert (lost_retry.status, lost_retry.attempts) == ("delivered", 3)
    assert (never_sent.status, never_sent.attempts) == ("delivered", 1)
    assert len(receiver.received) == 2


def test_fresh_work_in_progress_is_left_alone(
    subscription, receiver, django_capture_on_commit_callbacks
):
    now = timezone.now()
    in_flight = _delivery(subscription, attempts=1, attempt_started_at=now)
    waiting = _delivery(
        subscription, status="retrying", attempts=1, next_attempt_at=now + timedelta(minutes=5)
    )
    just_created = _delivery(subscription)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_sweep() == {"requeued": 0, "failed": 0, "pruned": 0}
    for delivery, status in (
        (in_flight, "pending"),
        (waiting, "retrying"),
        (just_created, "pending"),
    ):
        delivery.refresh_from_db()
        assert delivery.status == status
    assert receiver.received == []


def test_an_unfinished_delivery_out_of_attempts_fails_instead(
    subscription, receiver, django_capture_on_commit_callbacks, settings
):
    settings.VALMO_WEBHOOK_MAX_ATTEMPTS = 3
    long_ago = timezone.now() - timedelta(hours=1)
    last = _delivery(subscription, status="retrying", attempts=3, attempt_started_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_sweep()["failed"] == 1
    last.refresh_from_db()
    assert (last.status, last.last_error) == ("failed", "no outcome")
    assert receiver.received == []


def test_finished_deliveries_past_the_log_period_are_pruned(subscription, settings):
    settings.VALMO_WEBHOOK_LOG_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    _delivery(subscription, status="delivered", delivered_at=old, created_at=old)
    _delivery(subscription, status="failed", created_at=old)
    kept = _delivery(subscription, status="delivered", delivered_at=timezone.now())
    assert delivery_sweep()["pruned"] == 2
    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_periodic_job_fans_out_from_the_public_schema(tenant_a):
    from django_tenants.utils import schema_context

    with schema_context("public"):
        schemas = webhook_sweep_all.apply().get()
    assert tenant_a.schema_name in schemas
