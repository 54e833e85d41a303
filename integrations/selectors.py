"""Webhook reads: subscriptions and their delivery log."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import WebhookDelivery, WebhookSubscription


def subscription_list() -> QuerySet[WebhookSubscription]:
    """Subscriptions not deleted, with their delivery counts."""
    return WebhookSubscription.objects.filter(deleted_at__isnull=True).annotate(
        delivery_count=Count("deliveries")
    )


def subscriptions_for_event(event_type: str) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(
        deleted_at__isnull=True, event_types__contains=[event_type]
    )


def subscription_get(pk: int) -> WebhookSubscription:
    return WebhookSubscription.objects.get(pk=pk)


def delivery_list(subscription: WebhookSubscription | None = None) -> QuerySet[WebhookDelivery]:
    rows = WebhookDelivery.objects.select_related("subscription")
    return rows.filter(subscription=subscription) if subscription is not None else rows
