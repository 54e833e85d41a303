"""Coaching data of one municipality (tenant schema).

Configuration: sites, work units, the task catalogue, participation statuses with dated legal
frames, service forms and target groups (trainees are in ``coaching.models.trainees``). Rules
live in ``coaching.services``.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint

# A name of only spaces is no name (the services strip names; the database backs them).
NOT_BLANK_NAME = ~models.Q(name__regex=r"^\s*$")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Site(TimeStampedModel):
    """A site (toimipiste) of the coaching environment."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class WorkUnit(TimeStampedModel):
    """A municipal work unit that hosts work trials and orders work."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_units",
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unit supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_units",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")

    def __str__(self) -> str:
        return self.name


class TaskSector(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("task sector")
        verbose_name_plural = _("task sectors")

    def __str__(self) -> str:
        return self.name


class DifficultyLevel(TimeStampedModel):
    """A level of the tenant's difficulty scale (default: three levels)."""

    level = models.PositiveSmallIntegerField(
        _("level"), unique=True, validators=[MinValueValidator(1)]
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["level"]
        constraints = [
            FieldCheckConstraint(
                condition=NOT_BLANK_NAME,
                name="difficultylevel_name_not_blank",
                field="name",
                violation_error_message=_("Enter the level's name."),
            ),
        ]
        verbose_name = _("difficulty level")
        verbose_name_plural = _("difficulty levels")

    def __str__(self) -> str:
        return f"{self.level} – {self.name}"


class WorkTask(TimeStampedModel):
    """A catalogue task. Retired tasks stay for history but cannot be assigned."""

    sector = models.ForeignKey(
        TaskSector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="tasks"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    protective_equipment = models.CharField(_("protective equipment"), max_length=300, blank=True)
    # The structured form of ``protective_equipment``, checked against what a trainee holds.
    required_equipment = models.ManyToManyField(
        "coaching.EquipmentType",
        verbose_name=_("required protective equipment"),
        blank=True,
        related_name="tasks",
    )
    needs_transport = models.BooleanField(_("needs transport"), default=False)
    ordering_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("ordering unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ordered_tasks",
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    # The national default this task was adopted from (its name there), so adopting the sector
    # again adds nothing twice even after the municipality renamed the task; empty: its own.
    national_default = models.CharField(
        _("national default"), max_length=200, blank=True, editable=False
    )

    class Meta:
        ordering = ["sector__order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "name"], name="worktask_unique_name_per_sector"
            ),
            # "Lumityöt" and "lumityöt" are one task to a coach choosing from a list.
            FieldUniqueConstraint(
                Lower("name"),
                "sector",
                name="worktask_unique_name_ci_per_sector",
                field="name",
                violation_error_message=_("The sector already has a task with this name."),
            ),
            FieldUniqueConstraint(
                fields=["sector", "national_default"],
                condition=~models.Q(national_default=""),
                name="worktask_unique_national_default",
                field="name",
                violation_error_message=_("The sector already has this national default task."),
            ),
            FieldCheckConstraint(
                condition=NOT_BLANK_NAME,
                name="worktask_name_not_blank",
                field="name",
                violation_error_message=_("Enter the task's name."),
            ),
        ]
        verbose_name = _("work task")
        verbose_name_plural = _("work tasks")

    def __str__(self) -> str:
        return self.name


class WorkTaskLevel(models.Model):
    """What a task means at one difficulty level."""

    task = models.ForeignKey(WorkTask, on_delete=models.CASCADE, related_name="levels")
    level = models.ForeignKey(DifficultyLevel, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"))

    class Meta:
        ordering = ["task", "level__level"]
        constraints = [
            models.UniqueConstraint(fields=["task", "level"], name="worktasklevel_unique"),
            FieldCheckConstraint(
                condition=~models.Q(description__regex=r"^\s*$"),
                name="worktasklevel_description_not_blank",
                field="description",
                violation_error_message=_("Describe what the task means at this level."),
            ),
        ]
        verbose_name = _("task level")
        verbose_name_plural = _("task levels")

    def __str__(self) -> str:
        return f"{self.task} / {self.level.level}"


class ParticipationStatus(TimeStampedModel):
    """A participation status (work trial, rehabilitative work activity, …)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_social_welfare = models.BooleanField(
        _("social-welfare service"),
        default=False,
        help_text=_("Clients are social-welfare clients: stricter confidentiality and retention."),
    )
    has_subsidy_type = models.BooleanField(_("records a subsidy type"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participation status")
        verbose_name_plural = _("participation statuses")

    def __str__(self) -> str:
        return self.name


class LegalFrame(TimeStampedModel):
    """The legal frame of a status for a date range; editable because the law changes."""

    status = models.ForeignKey(
        ParticipationStatus, on_delete=models.CASCADE, related_name="legal_frames"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    min_days_per_week = models.PositiveSmallIntegerField(
        _("minimum days per week"), default=1, validators=[MaxValueValidator(7)]
    )
    max_days_per_week = models.PositiveSmallIntegerField(
        _("maximum days per week"), validators=[MaxValueValidator(7)]
    )
    min_hours_per_day = models.DecimalField(
        _("minimum hours per day"), max_digits=4, decimal_places=2
    )
    max_hours_per_day = models.DecimalField(
        _("maximum hours per day"), max_digits=4, decimal_places=2
    )
    max_hours_per_week = models.DecimalField(
        _("maximum hours per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_months_per_period = models.PositiveSmallIntegerField(
        _("minimum months per period"), null=True, blank=True
    )
    max_months_per_period = models.PositiveSmallIntegerField(
        _("maximum months per period"), null=True, blank=True
    )
    max_months_same_organiser = models.PositiveSmallIntegerField(
        _("maximum months with one organiser"), null=True, blank=True
    )
    max_months_total = models.PositiveSmallIntegerField(
        _("maximum months in total"), null=True, blank=True
    )
    source = models.CharField(_("legal source"), max_length=300, blank=True)

    class Meta:
        ordering = ["status", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["status", "valid_from"], name="legalframe_unique_start"
            ),
            FieldCheckConstraint(
                condition=models.Q(min_days_per_week__lte=models.F("max_days_per_week")),
                name="legalframe_days_order",
                field="max_days_per_week",
                violation_error_message=_("The maximum days per week cannot be below the minimum."),
            ),
            FieldCheckConstraint(
                condition=models.Q(min_hours_per_day__lte=models.F("max_hours_per_day")),
                name="legalframe_hours_order",
                field="max_hours_per_day",
                violation_error_message=_("The maximum hours per day cannot be below the minimum."),
            ),
            FieldCheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="legalframe_dates_order",
                field="valid_until",
                violation_error_message=_("The legal frame cannot end before it starts."),
            ),
        ]
        verbose_name = _("legal frame")
        verbose_name_plural = _("legal frames")

    def __str__(self) -> str:
        return f"{self.status} {self.valid_from:%d.%m.%Y}–"


class LocalFrame(TimeStampedModel):
    """The municipality's own, stricter limits for a status, inside its statutory frame.

    Empty fields follow the statute. ``coaching.services.local_frame_set`` refuses a limit
    beyond the statutory frame in force (or any later one); the constraints below hold the
    values to what a week and a day can be at all. ``narrow`` applies it to a statutory frame.
    """

    status = models.OneToOneField(
        ParticipationStatus, on_delete=models.CASCADE, related_name="local_frame"
    )
    max_days_per_week = models.PositiveSmallIntegerField(
        _("maximum days per week"), null=True, blank=True
    )
    max_hours_per_day = models.DecimalField(
        _("maximum hours per day"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    max_hours_per_week = models.DecimalField(
        _("maximum hours per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_months_per_period = models.PositiveSmallIntegerField(
        _("maximum months per period"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    LIMIT_FIELDS = (
        "max_days_per_week",
        "max_hours_per_day",
        "max_hours_per_week",
        "max_months_per_period",
    )

    class Meta:
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(max_days_per_week__isnull=True)
                | models.Q(max_days_per_week__gte=1, max_days_per_week__lte=7),
                name="localframe_days_range",
                field="max_days_per_week",
                violation_error_message=_("Days per week must be between 1 and 7."),
            ),
            FieldCheckConstraint(
                condition=models.Q(max_hours_per_day__isnull=True)
                | models.Q(max_hours_per_day__gt=0, max_hours_per_day__lte=24),
                name="localframe_hours_day_range",
                field="max_hours_per_day",
                violation_error_message=_("Hours per day must be more than 0 and at most 24."),
            ),
            FieldCheckConstraint(
                condition=models.Q(max_hours_per_week__isnull=True)
                | models.Q(max_hours_per_week__gt=0, max_hours_per_week__lte=168),
                name="localframe_hours_week_range",
                field="max_hours_per_week",
                violation_error_message=_("Hours per week must be more than 0 and at most 168."),
            ),
            FieldCheckConstraint(
                condition=models.Q(max_months_per_period__isnull=True)
                | models.Q(max_months_per_period__gte=1),
                name="localframe_months_range",
                field="max_months_per_period",
                violation_error_message=_("Months per period must be at least 1."),
            ),
        ]
        verbose_name = _("municipality's frame")
        verbose_name_plural = _("municipality's frames")

    def __str__(self) -> str:
        return str(self.status)

    def narrow(self, frame: LegalFrame) -> LegalFrame:
        """A copy of the statutory ``frame`` with this municipality's stricter maxima applied.

        The copy is for checking and showing only; it is never saved.
        """
        narrowed = copy.copy(frame)
        for field in self.LIMIT_FIELDS:
            own = getattr(self, field)
            statutory = getattr(frame, field)
            if own is not None and (statutory is None or own < statutory):
                setattr(narrowed, field, own)
        if narrowed.min_days_per_week > narrowed.max_days_per_week:
            narrowed.min_days_per_week = narrowed.max_days_per_week
        if narrowed.min_hours_per_day > narrowed.max_hours_per_day:
            narrowed.min_hours_per_day = narrowed.max_hours_per_day
        return narrowed


class ServiceForm(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service form")
        verbose_name_plural = _("service forms")

    def __str__(self) -> str:
        return self.name


class TargetGroup(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name
