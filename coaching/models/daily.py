"""The daily log: one entry per trainee period and day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import DifficultyLevel, TimeStampedModel, WorkTask
from .periods import CoachingPeriod


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT_SICK = "absent_sick", _("Absent, sick")
    ABSENT_AGREED = "absent_agreed", _("Absent, agreed")
    ABSENT_UNEXPLAINED = "absent_unexplained", _("Absent, unexplained")


class DailyEntry(TimeStampedModel):
    period = models.ForeignKey(
        CoachingPeriod, on_delete=models.CASCADE, related_name="daily_entries"
    )
    date = models.DateField(_("date"))
    attendance = models.CharField(_("attendance"), max_length=30, choices=Attendance.choices)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2, default=0)
    learning_notes = models.TextField(_("learning notes"), blank=True)
    capacity_observations = models.TextField(_("capacity observations"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["period", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["period", "date"], name="dailyentry_unique_day")
        ]
        # period_id included: the day's and the attendance chart's counts read the index only.
        indexes = [
            models.Index(
                fields=["date", "attendance"],
                name="dailyentry_date_attendance",
                include=["period"],
            )
        ]
        verbose_name = _("daily entry")
        verbose_name_plural = _("daily entries")

    def __str__(self) -> str:
        return f"{self.period} {self.date:%d.%m.%Y}"


class DailyEntryTask(models.Model):
    entry = models.ForeignKey(DailyEntry, on_delete=models.CASCADE, related_name="tasks_done")
    task = models.ForeignKey(WorkTask, verbose_name=_("task"), on_delete=models.PROTECT)
    level = models.ForeignKey(
        DifficultyLevel, verbose_name=_("difficulty level"), on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("task done")
        verbose_name_plural = _("tasks done")

    def __str__(self) -> str:
        return f"{self.task_id} / {self.level_id}"
