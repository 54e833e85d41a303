"""Coaching activities besides work (info sessions, visits, job search) and their attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from valmo.integrity import FieldCheckConstraint

from .catalogue import TimeStampedModel
from .periods import CoachingPeriod


class ActivityType(TimeStampedModel):
    """A kind of coaching activity; configurable per municipality, defaults are seeded."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self) -> str:
        return self.name


class Activity(TimeStampedModel):
    """One coaching activity at a time and place, for trainees of any coach."""

    type = models.ForeignKey(
        ActivityType,
        verbose_name=_("activity type"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(pgettext_lazy("activity", "title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__lte=models.F("ends_at")),
                name="activity_times_order",
                field="ends_at",
                violation_error_message=_("The activity cannot end before it starts."),
            )
        ]
        verbose_name = _("coaching activity")
        verbose_name_plural = _("coaching activities")

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%d.%m.%Y}"


class ActivityAttendance(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    ABSENT_EXCUSED = "absent_excused", _("Absent, excused")
    ABSENT_UNEXPLAINED = "absent_unexplained", _("Absent, unexplained")


class ActivityParticipant(models.Model):
    """A trainee's period taking part in an activity, with attendance once it has taken place."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    period = models.ForeignKey(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.CASCADE,
        related_name="activity_participations",
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=30,
        choices=ActivityAttendance.choices,
        default=ActivityAttendance.REGISTERED,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["activity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "period"], name="activityparticipant_unique"
            )
        ]
        verbose_name = _("activity participant")
        verbose_name_plural = _("activity participants")

    def __str__(self) -> str:
        return f"{self.activity} / {self.period}"
