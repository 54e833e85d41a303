"""Webhook subscriptions of a municipality and the log of their deliveries."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from valmo.events import EVENT_TYPES
from valmo.integrity import FieldCheckConstraint

EVENT_LABELS = {
    "referral.accepted": _("Referral accepted"),
    "period.phase_changed": _("Coaching period phase changed"),
    "certificate.issued": _("Certificate issued"),
    "final_summary.delivered": _("Final summary delivered"),
}
assert set(EVENT_LABELS) == set(EVENT_TYPES)


class WebhookSubscription(models.Model):
    """An HTTPS endpoint that receives the chosen events, signed with ``secret``.

    ``detail_role`` decides what a payload may carry: empty means ids only; a staff role that
    may read trainees in full (``trainee.view`` with scope "any") adds the trainee's name.
    Deleting keeps the row (``deleted_at``) so the delivery log stays readable.
    """

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100, editable=False)
    detail_role = models.CharField(
        _("role for payload detail"),
        max_length=32,
        blank=True,
        choices=[(role.value, role.label) for role in User.Role],
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url

    @property
    def event_labels(self) -> list[str]:
        return [str(EVENT_LABELS.get(name, name)) for name in self.event_types]


class WebhookDelivery(models.Model):
    """One event sent to one subscription: every attempt updates this row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RETRYING = "retrying", _("Retrying")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("webhook subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    event_type = models.CharField(_("event"), max_length=64)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # When the current attempt was claimed: a worker that dies mid-request leaves it set with
    # no outcome, and the sweep (``delivery_sweep``) queues the next attempt.
    attempt_started_at = models.DateTimeField(_("attempt started"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    resent_from = models.ForeignKey(
        "self",
        verbose_name=_("re-sent from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resends",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="webhookdelivery_sub"),
            # The sweep's scan of unfinished deliveries stays small however long the log is.
            models.Index(
                fields=["created_at"],
                name="webhookdelivery_open",
                condition=models.Q(status__in=["pending", "retrying"]),
            ),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(status="delivered", delivered_at__isnull=False)
                | ~models.Q(status="delivered"),
                name="integrations_delivery_delivered_has_time",
                field="delivered_at",
                violation_error_message=_("A delivered webhook needs its delivery time."),
            ),
        ]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription.url} ({self.status})"

    @property
    def event_label(self) -> str:
        return str(EVENT_LABELS.get(self.event_type, self.event_type))
