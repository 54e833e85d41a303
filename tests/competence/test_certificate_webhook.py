"""Issuing a certificate publishes ``certificate.issued``: a subscribed receiver gets it."""

from __future__ import annotations

import json

import pytest

from integrations.models import WebhookDelivery
from integrations.services import subscription_create
from integrations.signing import signature_verify
from tests.integrations.receiver import receiver_start

from .test_certificates import environment, issue, period, ticked  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_issuing_and_correcting_a_certificate_is_sent_to_subscribers(
    staff,
    period,  # noqa: F811
    ticked,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from competence.services import competence_certificate_correct

    receiver, server = receiver_start()
    try:
        subscription = subscription_create(
            actor=staff.admin, url=receiver.url, event_types=["certificate.issued"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            certificate = issue(staff, period)
        with django_capture_on_commit_callbacks(execute=True):
            corrected = competence_certificate_correct(
                actor=staff.coach, certificate=certificate, reason="Kirjoitusvirhe"
            )
    finally:
        server.shutdown()
        server.server_close()
    bodies = [json.loads(request.body) for request in receiver.received]
    assert [body["data"]["object_id"] for body in bodies] == [certificate.pk, corrected.pk]
    assert [body["data"]["version"] for body in bodies] == [1, 2]
    assert {body["data"]["period_id"] for body in bodies} == {period.pk}
    for request in receiver.received:
        assert signature_verify(
            subscription.secret, request.body, request.headers["Valmo-Signature"]
        )
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
