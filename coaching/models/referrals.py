"""Referrals (lähete) from the employment area's case managers."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint

from .catalogue import ParticipationStatus, ServiceForm, TargetGroup, TimeStampedModel
from .partners import PartnerContact
from .trainees import Trainee


class Referral(TimeStampedModel):
    """Who is referred, on which legal basis, and what is asked of the environment."""

    class LegalBasis(models.TextChoices):
        EMPLOYMENT_PLAN = "employment_plan", _("Employment plan")
        ACTIVATION_PLAN = "activation_plan", _("Activation plan")
        MULTISECTORAL_PLAN = "multisectoral_plan", _("Multisectoral plan")

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="referrals"
    )
    case_manager = models.ForeignKey(
        PartnerContact,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    legal_basis = models.CharField(_("legal basis"), max_length=40, choices=LegalBasis.choices)
    legal_basis_date = models.DateField(_("legal basis date"))
    requested_status = models.ForeignKey(
        ParticipationStatus,
        verbose_name=_("requested participation status"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    service_form = models.ForeignKey(
        ServiceForm, verbose_name=_("service form"), on_delete=models.PROTECT, related_name="+"
    )
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("target group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    days_per_week = models.PositiveSmallIntegerField(
        _("days per week"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    hours_per_day = models.DecimalField(_("hours per day"), max_digits=4, decimal_places=2)
    planned_start_on = models.DateField(_("planned start"))
    planned_end_on = models.DateField(_("planned end"))
    planned_review_on = models.DateField(_("planned review"), null=True, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    # Declining closes the referral without a period; the reason goes back to the case manager.
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declined by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-planned_start_on", "-pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(planned_start_on__lte=models.F("planned_end_on")),
                name="referral_planned_dates_order",
                field="planned_end_on",
                violation_error_message=_("The planned end is before the planned start."),
            )
        ]
        # The referral list's order (issue #15).
        indexes = [models.Index(fields=["-planned_start_on", "-id"], name="referral_start_desc")]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.trainee} {self.planned_start_on:%d.%m.%Y}"


class ReferralRestriction(TimeStampedModel):
    """Safety-relevant restrictions: a separate row so permissions can hide it (need-to-know)."""

    referral = models.OneToOneField(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="restriction"
    )
    safety_restrictions = models.TextField(_("safety restrictions"))

    class Meta:
        verbose_name = _("referral restriction")
        verbose_name_plural = _("referral restrictions")

    def __str__(self) -> str:
        return str(self.referral)


def referral_attachment_path(instance: ReferralAttachment, filename: str) -> str:
    # Tenant-aware storage adds the schema prefix; the referral id keeps files findable.
    return f"referrals/{instance.referral_id}/{filename}"


class ReferralAttachment(TimeStampedModel):
    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=referral_attachment_path, max_length=300)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ["referral", "created_at"]
        verbose_name = _("referral attachment")
        verbose_name_plural = _("referral attachments")

    def __str__(self) -> str:
        return self.file.name
