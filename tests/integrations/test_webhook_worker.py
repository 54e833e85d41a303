"""Webhook delivery through a real Celery worker: the task runs in the municipality's schema,
fails once against the local receiver, is retried by the worker and then delivered."""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection, transaction

from integrations.signing import signature_verify
from tests.conftest import user_create
from tests.platform.test_celery_worker import celery_worker  # noqa: F401  (a fixture)

from .receiver import receiver_start

# No test transaction: the worker must see the rows, so they are committed (and undone).
pytestmark = [pytest.mark.integration]


@pytest.fixture
def receiver():
    receiver, server = receiver_start()
    yield receiver
    server.shutdown()
    server.server_close()


def test_a_delivery_is_retried_by_the_worker_and_signed(
    tenants,
    receiver,
    celery_worker,  # noqa: F811 (the imported fixture)
    django_db_blocker,
):
    from integrations.models import WebhookDelivery, WebhookSubscription
    from integrations.services import subscription_create
    from valmo.events import event_publish

    receiver.script = [503]
    with django_db_blocker.unblock():
        admin = user_create(tenants.a, role="tenant_admin")
        try:
            subscription = subscription_create(
                actor=admin, url=receiver.url, event_types=["period.phase_changed"]
            )
            with transaction.atomic():
                event_publish(
                    "period.phase_changed",
                    object_type="coaching.coachingperiod",
                    object_id=424242,
                    extra={"from_phase": "coaching", "to_phase": "interrupted"},
                )
            deadline = time.monotonic() + 90
            delivery = None
            while time.monotonic() < deadline:
                delivery = WebhookDelivery.objects.filter(subscription=subscription).first()
                if delivery is not None and delivery.status in ("delivered", "failed"):
                    break
                time.sleep(0.3)
            assert celery_worker.poll() is None, "worker died"
            assert delivery is not None
            assert (delivery.status, delivery.attempts) == ("delivered", 2)
            assert len(receiver.received) == 2
            for request in receiver.received:
                assert signature_verify(
                    subscription.secret, request.body, request.headers["Valmo-Signature"]
                )
            assert json.loads(receiver.received[1].body)["data"]["object_id"] == 424242
        finally:
            connection.set_tenant(tenants.a)
            WebhookSubscription.objects.filter(created_by=admin).delete()
            admin.delete()
            connection.set_schema_to_public()
