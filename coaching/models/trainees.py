"""The trainee (valmentautuja): the person every trainee-data row leads back to.

``valmo.graph`` finds trainee data by the foreign-key path to this model. Rules live in
``coaching.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldUniqueConstraint

from .catalogue import TimeStampedModel


class Trainee(TimeStampedModel):
    """A trainee (valmentautuja) with minimal personal data."""

    class Gender(models.TextChoices):
        """Optional, for the anonymised benchmarking breakdown; empty when not recorded."""

        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        NOT_STATED = "not_stated", _("Prefers not to say")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    personal_identity_code = models.CharField(
        _("personal identity code"),
        max_length=11,
        blank=True,
        help_text=_("Stored only if the municipality has enabled it."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    education = models.TextField(_("education"), blank=True)
    work_history = models.TextField(_("work-history summary"), blank=True)
    driving_licence = models.CharField(_("driving licence"), max_length=40, blank=True)
    has_hygiene_passport = models.BooleanField(_("hygiene passport"), default=False)
    has_occupational_safety_card = models.BooleanField(_("occupational safety card"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainee",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        # The trainee list's order, a page at a time (issue #15).
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="trainee_name")]
        constraints = [
            FieldUniqueConstraint(
                fields=["personal_identity_code"],
                condition=~models.Q(personal_identity_code=""),
                name="trainee_identity_code_unique",
                field="personal_identity_code",
                violation_error_message=_(
                    "Another trainee already has this personal identity code."
                ),
            ),
        ]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
