"""Delivering a final summary publishes ``final_summary.delivered`` to subscribed webhooks:
ids only, never the link, the code or the recipient; an interim report's delivery does not."""

from __future__ import annotations

import json

import pytest

from competence.reports import services
from integrations.models import WebhookDelivery
from integrations.services import subscription_create
from integrations.signing import signature_verify
from tests.integrations.receiver import receiver_start

from .test_reports import _draft

pytestmark = pytest.mark.django_db


def test_a_delivered_final_summary_reaches_the_subscribers(
    world, django_capture_on_commit_callbacks
):
    version = services.report_finalise(actor=world.staff.coach, report=_draft(world))
    receiver, server = receiver_start()
    try:
        subscription = subscription_create(
            actor=world.staff.admin, url=receiver.url, event_types=["final_summary.delivered"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            sent = services.delivery_create(
                actor=world.staff.coach,
                version=version,
                recipient_name="Asiakasvastaava Anna",
                recipient_email="anna@te.example",
                link_base="https://joensuu.example",
            )
    finally:
        server.shutdown()
        server.server_close()
    assert len(receiver.received) == 1
    request = receiver.received[0]
    assert signature_verify(subscription.secret, request.body, request.headers["Valmo-Signature"])
    body = json.loads(request.body)
    assert body["type"] == "final_summary.delivered"
    assert body["data"]["object_id"] == version.pk
    assert body["data"]["period_id"] == world.period.pk
    text = request.body.decode()
    for secret in (sent.token, sent.code, "anna@te.example", "Anna"):
        assert secret not in text
    assert list(WebhookDelivery.objects.values_list("status", flat=True)) == ["delivered"]
