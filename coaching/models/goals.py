"""Goals of a coaching period and their dated reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import TimeStampedModel
from .periods import CoachingPeriod


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(TimeStampedModel):
    """A goal of the period; its status changes only through reviews, which keep the history."""

    class Source(models.TextChoices):
        REFERRAL = "referral", _("From the referral")
        INTAKE = "intake", _("Set at intake")
        COACHING = "coaching", _("Set during coaching")

    period = models.ForeignKey(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    text = models.TextField(_("goal"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    review_due_on = models.DateField(_("review due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["period", "pk"]
        indexes = [models.Index(fields=["status", "review_due_on"], name="goal_status_review_due")]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text[:80]


class GoalReview(models.Model):
    """A dated review of a goal: who, the progress note and the status it left the goal in."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField(_("date"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("progress note"))
    from_status = models.CharField(_("from status"), max_length=20, choices=GoalStatus.choices)
    to_status = models.CharField(_("new status"), max_length=20, choices=GoalStatus.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["goal", "date", "pk"]
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")

    def __str__(self) -> str:
        return f"{self.goal} {self.date:%d.%m.%Y}"
