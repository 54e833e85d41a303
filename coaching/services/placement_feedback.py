"""The unit supervisor's weekly feedback on a trainee placed with them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import can, permission_required_for
from coaching.dates import week_start
from coaching.models import CoachingPeriod, FeedbackScore, PlacementFeedback
from coaching.models.feedback import FEEDBACK_COMMENT_MAX
from coaching.models.periods import ACTIVE_PHASES
from valmo.integrity import constraint_errors

from .common import refuse


def _scores_check(scores: Mapping[str, object]) -> None:
    errors = {
        name: [gettext("Choose a rating from 1 to 4.")]
        for name, value in scores.items()
        if type(value) is not int or value not in FeedbackScore.values
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
@permission_required_for("placement.feedback", obj="period")
def placement_feedback_record(
    *,
    actor: User,
    period: CoachingPeriod,
    week: date,
    attendance: int,
    work_quality: int,
    safety: int,
    cooperation: int,
    comment: str = "",
) -> PlacementFeedback:
    """Give or change this week's feedback on a trainee placed with ``actor``.

    One feedback per period, supervisor and ISO week (a database constraint backs it); giving
    it again in the same week changes it, and a past or future week is refused, so what the
    coach has read does not change afterwards. Each rating is 1–4.
    """
    # The lock serialises two first submissions of the same week; the placement is asked
    # again on the locked row, since the caller's copy may predate a change of supervisor.
    period = CoachingPeriod.objects.select_for_update().get(pk=period.pk)
    if not can(actor, "placement.feedback", period):
        raise refuse("period", gettext("The trainee is no longer placed with you."))
    if period.phase not in ACTIVE_PHASES:
        raise refuse("period", gettext("Feedback is given only while the trainee takes part."))
    monday = week_start(week)
    this_week = week_start(timezone.localdate())
    if monday > this_week:
        raise refuse("week", gettext("Feedback cannot be given for a future week."))
    if monday < this_week:
        raise refuse("week", gettext("A past week's feedback can no longer be given or changed."))
    if monday + timedelta(days=6) < period.start_on:
        raise refuse("week", gettext("The period had not started in this week."))
    scores = {
        "attendance": attendance,
        "work_quality": work_quality,
        "safety": safety,
        "cooperation": cooperation,
    }
    _scores_check(scores)
    comment = comment.strip()
    if len(comment) > FEEDBACK_COMMENT_MAX:
        raise refuse(
            "comment",
            gettext("Keep the comment to %(max)s characters.") % {"max": FEEDBACK_COMMENT_MAX},
        )
    feedback = PlacementFeedback.objects.filter(
        period=period, supervisor=actor, week=monday
    ).first() or PlacementFeedback(period=period, supervisor=actor, week=monday)
    for name, value in scores.items():
        setattr(feedback, name, value)
    feedback.comment = comment
    feedback.full_clean()
    with constraint_errors():
        feedback.save()
    return feedback
