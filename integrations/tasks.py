"""Webhook delivery task: takes the delivery id and attempt number, runs in the tenant schema."""

from __future__ import annotations

from celery import shared_task

from tenants.fanout import fan_out_to_tenants

from .services import delivery_attempt, delivery_sweep


@shared_task(name="integrations.webhook_deliver", acks_late=True)
def webhook_deliver(delivery_id: int, attempt: int = 1) -> str:
    """Send one attempt of a delivery (tenant-schemas-celery restores the sender's schema)."""
    return delivery_attempt(delivery_id=delivery_id, attempt=attempt)


@shared_task(name="integrations.webhook_sweep_all")
def webhook_sweep_all() -> list[str]:
    """Queue the sweep once in every active municipality (sent from the public schema)."""
    return fan_out_to_tenants(webhook_sweep_tenant)


@shared_task(name="integrations.webhook_sweep_tenant", acks_late=True)
def webhook_sweep_tenant() -> dict[str, int]:
    """Retry deliveries left unfinished and prune the old log in the current municipality."""
    return delivery_sweep()
