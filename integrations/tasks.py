"""Webhook delivery task: takes the delivery id and attempt number, runs in the tenant schema."""

from __future__ import annotations

from celery import shared_task

from .services import delivery_attempt


@shared_task(name="integrations.webhook_deliver", acks_late=True)
def webhook_deliver(delivery_id: int, attempt: int = 1) -> str:
    """Send one attempt of a delivery (tenant-schemas-celery restores the sender's schema)."""
    return delivery_attempt(delivery_id=delivery_id, attempt=attempt)
