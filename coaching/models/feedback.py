"""The unit supervisor's weekly feedback on a placed trainee."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint

from .catalogue import TimeStampedModel
from .periods import CoachingPeriod


class FeedbackScore(models.IntegerChoices):
    """A four-step scale with plain words, so a supervisor on the work floor needs no key."""

    MUCH_SUPPORT = 1, _("Needs a lot of support")
    SOME_SUPPORT = 2, _("Needs some support")
    GOOD = 3, _("Good")
    EXCELLENT = 4, _("Excellent")


# The rated things with their labels, in the order the form and the pages show them.
FEEDBACK_LABELS = {
    "attendance": _("Attendance and punctuality"),
    "work_quality": _("Quality of work"),
    "safety": _("Working safely"),
    "cooperation": _("Cooperation"),
}
FEEDBACK_CRITERIA = tuple(FEEDBACK_LABELS)
FEEDBACK_COMMENT_MAX = 500


def _score_field(name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(FEEDBACK_LABELS[name], choices=FeedbackScore.choices)


class PlacementFeedback(TimeStampedModel):
    """One supervisor's feedback on one placed trainee for one ISO week (``week`` is its Monday).

    Given and changed only during that week, through ``placement_feedback_record``.
    """

    period = models.ForeignKey(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.CASCADE,
        related_name="placement_feedback",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placement supervisor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    week = models.DateField(_("week"))
    attendance = _score_field("attendance")
    work_quality = _score_field("work_quality")
    safety = _score_field("safety")
    cooperation = _score_field("cooperation")
    comment = models.CharField(_("comment"), max_length=FEEDBACK_COMMENT_MAX, blank=True)

    class Meta:
        ordering = ["period", "-week"]
        constraints = [
            FieldUniqueConstraint(
                fields=["period", "supervisor", "week"],
                name="placementfeedback_one_per_week",
                field="week",
                violation_error_message=_("This week's feedback has already been given."),
            ),
            FieldCheckConstraint(
                condition=models.Q(week__iso_week_day=1),
                name="placementfeedback_week_monday",
                field="week",
                violation_error_message=_("A feedback week starts on a Monday."),
            ),
            FieldCheckConstraint(
                condition=models.Q(
                    attendance__range=(1, 4),
                    work_quality__range=(1, 4),
                    safety__range=(1, 4),
                    cooperation__range=(1, 4),
                ),
                name="placementfeedback_scores_range",
                field=None,
                violation_error_message=_("Each rating is from 1 to 4."),
            ),
        ]
        verbose_name = _("placement feedback")
        verbose_name_plural = _("placement feedback")

    def __str__(self) -> str:
        return f"{self.period} {self.week:%G-W%V}"

    def scores(self) -> list[tuple[str, str, int, str]]:
        """``(criterion, its label, score, the score's label)`` in the form's order."""
        return [
            (
                name,
                str(FEEDBACK_LABELS[name]),
                getattr(self, name),
                str(FeedbackScore(getattr(self, name)).label),
            )
            for name in FEEDBACK_CRITERIA
        ]
