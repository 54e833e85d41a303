"""The trainee's own learning diary (oppimispäiväkirja)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import TimeStampedModel
from .periods import CoachingPeriod


class DiaryEntry(TimeStampedModel):
    """One day's diary entry, written by the trainee.

    Private by default: the coach sees, and may respond to, only entries the trainee shares.
    """

    period = models.ForeignKey(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.CASCADE,
        related_name="diary_entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="diary_entries",
    )
    date = models.DateField(_("date"))
    did = models.TextField(_("what I did"), blank=True)
    learned = models.TextField(_("what I learned"), blank=True)
    felt = models.TextField(_("how it felt"), blank=True)
    is_shared = models.BooleanField(_("shared with the coach"), default=False)
    coach_comment = models.TextField(_("coach's response"), blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    commented_at = models.DateTimeField(_("responded"), null=True, blank=True)

    class Meta:
        ordering = ["period", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["period", "date"], name="diaryentry_unique_day")
        ]
        verbose_name = _("learning diary entry")
        verbose_name_plural = _("learning diary entries")

    def __str__(self) -> str:
        return f"{self.period} {self.date:%d.%m.%Y}"
