"""Partner organisations, their contacts, and the municipality's coaching settings."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint

from .catalogue import TimeStampedModel


class PartnerOrganisation(TimeStampedModel):
    """An organisation the environment works with (referrers, employers, associations)."""

    class Kind(models.TextChoices):
        EMPLOYMENT_AREA = "employment_area", _("Employment area")
        WORK_ABILITY_COORDINATION = "work_ability_coordination", _("Work-ability coordination")
        MUNICIPAL_EMPLOYMENT_SERVICES = (
            "municipal_employment_services",
            _("Municipal employment services"),
        )
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name


class PartnerContact(TimeStampedModel):
    """A person at a partner organisation; case managers send referrals."""

    organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_case_manager = models.BooleanField(_("case manager"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


brand_colour_validator = RegexValidator(
    r"^#[0-9a-f]{6}$", _("Enter the colour as six hexadecimal digits, such as #0000bf.")
)


class CoachingSettings(TimeStampedModel):
    """The municipality's coaching settings: one row per tenant schema.

    Also its brand (colour and logo) for the web app's header: not personal data.
    """

    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    group_size_soft_limit = models.PositiveSmallIntegerField(
        _("soft group limit per coach"), default=12, validators=[MinValueValidator(1)]
    )
    group_size_hard_limit = models.PositiveSmallIntegerField(
        _("hard group limit per coach"), default=14, validators=[MinValueValidator(1)]
    )
    follow_up_months = models.PositiveSmallIntegerField(_("follow-up months"), default=3)
    personal_identity_code_enabled = models.BooleanField(
        _("personal identity codes enabled"), default=False
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        blank=True,
        default="",
        validators=[brand_colour_validator],
        help_text=_("The header's colour under white text; empty for Valmo's own blue."),
    )
    logo = models.ImageField(_("logo"), upload_to="branding/", blank=True, default="")

    class Meta:
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(brand_colour="")
                | models.Q(brand_colour__regex=r"^#[0-9a-f]{6}$"),
                name="coachingsettings_brand_colour_hex",
                field="brand_colour",
                violation_error_message=_(
                    "Enter the colour as six hexadecimal digits, such as #0000bf."
                ),
            ),
            FieldCheckConstraint(
                condition=models.Q(singleton=1),
                name="coachingsettings_singleton",
                field=None,
                violation_error_message=_(
                    "The municipality has only one set of coaching settings."
                ),
            ),
            FieldCheckConstraint(
                condition=models.Q(group_size_soft_limit__lte=models.F("group_size_hard_limit")),
                name="coachingsettings_limits_order",
                field="group_size_soft_limit",
                violation_error_message=_(
                    "The soft group limit cannot be above the hard group limit."
                ),
            ),
        ]
        verbose_name = _("coaching settings")
        verbose_name_plural = _("coaching settings")

    def __str__(self) -> str:
        return str(_("coaching settings"))
