"""Webhook writes: subscribe, delete, fan events out to deliveries, attempt and re-send them.

An event published by coaching or competence (``valmo.events``) becomes one delivery row per
matching subscription once its transaction commits; each row is sent by the Celery task
``integrations.webhook_deliver`` (queued on commit, in the municipality's schema). A failed
attempt is retried with exponential backoff up to ``VALMO_WEBHOOK_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import Any

import requests
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django_tenants.utils import schema_context

from accounts.models import API_KEY_ROLES, User
from accounts.permissions import permission_required_for, rule_for
from accounts.permissions.rules import ANY
from coaching.models import Trainee
from valmo import acting, events, graph
from valmo.celery import app as celery_app
from valmo.errors import refuse
from valmo.tenancy import on_public_schema

from .models import WebhookDelivery, WebhookSubscription
from .selectors import subscriptions_for_event
from .signing import HEADER, signature_header
from .targets import TargetRefused, target_check

# --- Subscriptions ------------------------------------------------------------------------------


@transaction.atomic
@permission_required_for("integration.manage")
def subscription_create(
    *,
    actor: User,
    url: str,
    event_types: list[str],
    description: str = "",
    detail_role: str = "",
) -> WebhookSubscription:
    """Subscribe ``url`` to ``event_types``; the signing secret is generated here."""
    if on_public_schema():
        raise refuse("url", gettext("Webhooks belong to a municipality."))
    try:
        url = target_check(url)
    except TargetRefused as error:
        raise refuse("url", str(error)) from None
    chosen = list(dict.fromkeys(event_types))
    if not chosen:
        raise refuse("event_types", gettext("Choose at least one event."))
    if any(name not in events.EVENT_TYPES for name in chosen):
        raise refuse("event_types", gettext("Choose events from the list."))
    if detail_role and detail_role not in API_KEY_ROLES:
        raise refuse("detail_role", gettext("Choose a staff role or ids only."))
    subscription = WebhookSubscription(
        url=url,
        description=description.strip()[:200],
        event_types=chosen,
        secret=f"whsec_{secrets.token_urlsafe(32)}",
        detail_role=detail_role,
        created_by=actor,
    )
    subscription.full_clean(exclude=["created_by"])
    subscription.save()
    acting.event_record(
        action="create",
        obj=subscription,
        section="integrations",
        detail={"url": url, "events": chosen, "detail_role": detail_role},
    )
    return subscription


@transaction.atomic
@permission_required_for("integration.manage")
def subscription_delete(*, actor: User, subscription: WebhookSubscription) -> None:
    """Stop sending to the subscription; its delivery log stays. Idempotent."""
    WebhookSubscription.objects.filter(pk=subscription.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )
    WebhookDelivery.objects.filter(
        subscription=subscription,
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
    ).update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
    acting.event_record(action="delete", obj=subscription, section="integrations")


# --- Payloads -----------------------------------------------------------------------------------


def _trainee_detail(object_type: str, object_id: int | str) -> dict[str, Any] | None:
    """The trainee's id and name for a detailed payload, found through the model graph."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    obj = model._default_manager.filter(pk=object_id).first()
    if obj is None or graph.trainee_path(model) is None:
        return None
    trainee_id = graph.trainee_id_of(obj)
    trainee = Trainee.objects.filter(pk=trainee_id).first() if trainee_id is not None else None
    if trainee is None:
        return None
    return {"id": trainee.pk, "first_name": trainee.first_name, "last_name": trainee.last_name}


def detail_allowed(role: str) -> bool:
    """A role may receive personal data in payloads if it may read every trainee."""
    return bool(role) and rule_for("trainee.view").grants.get(role) is ANY


def payload_build(
    event: events.Event, subscription: WebhookSubscription, event_id: str, at: str
) -> dict[str, Any]:
    """Ids and codes only, plus the trainee's name when the subscription's role allows it."""
    data: dict[str, Any] = {
        "object_type": event.object_type,
        "object_id": event.object_id,
        **event.extra,
    }
    if detail_allowed(subscription.detail_role):
        trainee = _trainee_detail(event.object_type, event.object_id)
        if trainee is not None:
            data["trainee"] = trainee
    return {"id": event_id, "type": event.name, "created": at, "data": data}


# --- Fan-out and delivery -----------------------------------------------------------------------


DELIVER_TASK = "integrations.webhook_deliver"  # integrations.tasks.webhook_deliver


def _queue(delivery: WebhookDelivery, attempt: int, countdown: int = 0) -> None:
    """Queue the attempt on commit, by task name (the tasks module imports this one).

    The tenant-aware app's ``send_task`` carries the current schema to the worker; in eager
    mode (tests) the registered task runs at once.
    """
    pk = delivery.pk
    if celery_app.conf.task_always_eager:
        transaction.on_commit(lambda: celery_app.tasks[DELIVER_TASK].apply(args=[pk, attempt]))
    else:
        transaction.on_commit(
            lambda: celery_app.send_task(DELIVER_TASK, args=[pk, attempt], countdown=countdown)
        )


def event_fan_out(event: events.Event) -> list[int]:
    """Create a delivery per subscription of the event and queue each (an event subscriber).

    Runs after the publishing transaction committed; system work with no actor.
    """
    if event.schema_name in ("", "public"):
        return []
    with schema_context(event.schema_name), transaction.atomic():
        created = []
        at = timezone.now()
        for subscription in subscriptions_for_event(event.name):
            delivery = WebhookDelivery(subscription=subscription, event_type=event.name)
            delivery.payload = payload_build(
                event, subscription, str(delivery.event_id), at.isoformat()
            )
            delivery.save()
            _queue(delivery, 1)
            created.append(delivery.pk)
        return created


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _backoff(attempt: int) -> int:
    base = int(settings.VALMO_WEBHOOK_RETRY_BASE_SECONDS)
    return int(base * 2 ** (attempt - 1))


def delivery_attempt(*, delivery_id: int, attempt: int) -> str:
    """Send attempt number ``attempt`` of a delivery; idempotent (the task's body).

    The attempt is claimed first (a repeated message finds it claimed and does nothing); the
    HTTP request runs outside any transaction; the outcome is recorded, and a retry queued
    with exponential backoff until the attempts run out.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.attempts >= attempt:
            return "skipped"
        if delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
            return "skipped"
        delivery.attempts = attempt
        delivery.next_attempt_at = None
        delivery.attempt_started_at = timezone.now()
        delivery.save(update_fields=["attempts", "next_attempt_at", "attempt_started_at"])
    subscription = delivery.subscription
    body = body_of(delivery)
    status_code: int | None = None
    error = ""
    try:
        target_check(subscription.url)
        response = requests.post(
            subscription.url,
            data=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Valmo-Webhooks/1",
                HEADER: signature_header(subscription.secret, body),
                "Valmo-Event": delivery.event_type,
                "Valmo-Delivery": str(delivery.event_id),
            },
            timeout=settings.VALMO_WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except TargetRefused as refused:
        error = str(refused)
    except requests.RequestException as failure:
        error = type(failure).__name__
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.last_status_code = status_code
        delivery.last_error = error[:300]
        delivery.attempt_started_at = None
        if not error:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
        elif attempt < settings.VALMO_WEBHOOK_MAX_ATTEMPTS and subscription.deleted_at is None:
            delivery.status = WebhookDelivery.Status.RETRYING
            countdown = _backoff(attempt)
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=countdown)
            _queue(delivery, attempt + 1, countdown)
        else:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.save()
    return delivery.status


@transaction.atomic
@permission_required_for("integration.manage")
def delivery_resend(*, actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same event again as a new delivery (same event id: receivers may dedupe)."""
    subscription = WebhookSubscription.objects.get(pk=delivery.subscription_id)
    if subscription.deleted_at is not None:
        raise refuse("subscription", gettext("The subscription has been deleted."))
    copy = WebhookDelivery.objects.create(
        subscription=subscription,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        payload=delivery.payload,
        resent_from=delivery,
    )
    _queue(copy, 1)
    return copy


# --- Housekeeping ---------------------------------------------------------------------------


def delivery_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Recover deliveries a dead worker or a lost message left unfinished; prune the old log.

    System work with no actor (the periodic job, per municipality); idempotent. An unfinished
    delivery is stale when its attempt started, its retry fell due or (never tried) it was
    created more than ``VALMO_WEBHOOK_STALE_SECONDS`` ago without an outcome. The redelivered
    task message of a dead worker finds its attempt claimed and skips it, so the sweep queues
    the next attempt number, or marks the delivery failed when the attempts have run out.
    Finished deliveries older than ``VALMO_WEBHOOK_LOG_DAYS`` are deleted.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.VALMO_WEBHOOK_STALE_SECONDS)
    requeued = failed = 0
    with transaction.atomic():
        open_rows = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING])
            .filter(
                Q(attempt_started_at__lt=stale_before)
                | Q(attempt_started_at__isnull=True, next_attempt_at__lt=stale_before)
                | Q(attempt_started_at__isnull=True, attempts=0, created_at__lt=stale_before)
            )
        )
        for delivery in open_rows:
            delivery.attempt_started_at = None
            if (
                delivery.attempts >= settings.VALMO_WEBHOOK_MAX_ATTEMPTS
                or delivery.subscription.deleted_at is not None
            ):
                delivery.status = WebhookDelivery.Status.FAILED
                delivery.next_attempt_at = None
                delivery.last_error = delivery.last_error or "no outcome"
                failed += 1
            else:
                delivery.status = WebhookDelivery.Status.RETRYING
                delivery.next_attempt_at = now
                _queue(delivery, delivery.attempts + 1)
                requeued += 1
            delivery.save(
                update_fields=["status", "next_attempt_at", "attempt_started_at", "last_error"]
            )
    pruned, _ = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED],
        created_at__lt=now - timedelta(days=settings.VALMO_WEBHOOK_LOG_DAYS),
    ).delete()
    return {"requeued": requeued, "failed": failed, "pruned": pruned}
