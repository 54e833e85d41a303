"""Onboarding's public-schema records: requests for a municipality and setup decisions.

Both hold no personal data of trainees: a request names the municipality, its host and the
first admin's and the requester's work addresses; a decision records that a setup step was
decided (for instance "single sign-on is not used") for a municipality.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Municipality, Region
from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint


class OnboardingRequest(models.Model):
    """One municipality to onboard: asked for on the public form or created by an operator.

    An operator's own request is queued at once; a public request waits for an operator's
    approval. The Celery task ``onboarding.request_run`` then runs
    ``onboarding.services.municipality_onboard`` and records the outcome here, which the
    operator's progress page polls.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for approval")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being created")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        DECLINED = "declined", _("Declined")

    class Source(models.TextChoices):
        OPERATOR = "operator", _("Created by an operator")
        PUBLIC = "public", _("Requested by the municipality")

    OPEN_STATUSES = (Status.REQUESTED, Status.QUEUED, Status.RUNNING)

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("employment area"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField(_("domain"), max_length=253)
    default_language = models.CharField(
        _("default language"),
        max_length=2,
        choices=Municipality.Language.choices,
        default=Municipality.Language.FINNISH,
    )
    admin_email = models.EmailField(_("first admin's e-mail"))
    mfa_required = models.BooleanField(
        _("two-factor authentication required of staff"), default=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    errors = models.JSONField(_("errors"), default=dict, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("onboarding request")
        verbose_name_plural = _("onboarding requests")
        constraints = [
            # Two open requests for one host would race to create the same municipality.
            FieldUniqueConstraint(
                fields=["domain"],
                condition=models.Q(status__in=["requested", "queued", "running"]),
                name="onboarding_request_one_open_per_domain",
                field="domain",
                violation_error_message=_("A request for this domain is already open."),
            ),
            FieldCheckConstraint(
                condition=models.Q(
                    status__in=["requested", "queued", "running", "done", "failed", "declined"]
                ),
                name="onboarding_request_status_known",
                field="status",
                violation_error_message=_("Unknown status of the request."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.domain})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class SetupDecision(models.Model):
    """A setup step the tenant admin decided rather than configured (e.g. no single sign-on).

    Kept in the public schema beside the municipality: a decision is configuration, not
    personal data, and the checklist reads it with the tenant's other facts.
    """

    class Step(models.TextChoices):
        SSO = "sso", _("Single sign-on is not used")
        MFA = "mfa", _("Two-factor authentication is not required")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("setup decision")
        verbose_name_plural = _("setup decisions")
        constraints = [
            FieldUniqueConstraint(
                fields=["municipality", "step"],
                name="onboarding_setup_decision_once",
                field="step",
                violation_error_message=_("This step has already been decided."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.step}"
