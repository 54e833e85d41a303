"""Protective equipment and lockers issued to trainees."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint

from .catalogue import Site, TimeStampedModel
from .trainees import Trainee


class EquipmentType(TimeStampedModel):
    """A kind of protective equipment or work clothing; tasks list the kinds they require."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("equipment type")
        verbose_name_plural = _("equipment types")

    def __str__(self) -> str:
        return self.name


class EquipmentIssue(TimeStampedModel):
    """An item issued to a trainee; it counts as held until returned."""

    trainee = models.ForeignKey(
        Trainee,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="equipment_issues",
    )
    equipment_type = models.ForeignKey(
        EquipmentType,
        verbose_name=_("equipment type"),
        on_delete=models.PROTECT,
        related_name="issues",
    )
    size = models.CharField(_("size"), max_length=20, blank=True)
    issued_on = models.DateField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_on = models.DateField(_("returned"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("return received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["trainee", "-issued_on", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(returned_on__isnull=True)
                | models.Q(issued_on__lte=models.F("returned_on")),
                name="equipmentissue_dates_order",
                field="returned_on",
                violation_error_message=_("An item cannot be returned before it was issued."),
            )
        ]
        verbose_name = _("issued equipment")
        verbose_name_plural = _("issued equipment")

    def __str__(self) -> str:
        return f"{self.equipment_type} / {self.trainee}"


class Locker(TimeStampedModel):
    number = models.CharField(_("number"), max_length=20)
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lockers",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "number"], name="locker_unique_number", nulls_distinct=False
            )
        ]
        verbose_name = _("locker")
        verbose_name_plural = _("lockers")

    def __str__(self) -> str:
        return self.number


class LockerAssignment(TimeStampedModel):
    """A locker held by a trainee from key issue until the key is returned."""

    locker = models.ForeignKey(
        Locker, verbose_name=_("locker"), on_delete=models.PROTECT, related_name="assignments"
    )
    trainee = models.ForeignKey(
        Trainee,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="locker_assignments",
    )
    key_issued_on = models.DateField(_("key issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    key_returned_on = models.DateField(_("key returned"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("key received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["locker", "-key_issued_on", "pk"]
        constraints = [
            # The database backs the service rule: one holder per locker at a time.
            FieldUniqueConstraint(
                fields=["locker"],
                condition=models.Q(key_returned_on__isnull=True),
                name="lockerassignment_one_holder",
                field="locker",
                violation_error_message=_("The locker is already held by another trainee."),
            ),
            FieldCheckConstraint(
                condition=models.Q(key_returned_on__isnull=True)
                | models.Q(key_issued_on__lte=models.F("key_returned_on")),
                name="lockerassignment_dates_order",
                field="key_returned_on",
                violation_error_message=_("The key cannot be returned before it was issued."),
            ),
        ]
        verbose_name = _("locker assignment")
        verbose_name_plural = _("locker assignments")

    def __str__(self) -> str:
        return f"{self.locker} / {self.trainee}"
