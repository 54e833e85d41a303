"""Reads for the goals screens: a period's goals with their review history, and one goal.

The viewer's reach comes in as a queryset of periods from the permission layer; every read
costs the same number of queries whatever the number of goals and reviews.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from .models import CoachingPeriod, Goal, GoalReview
from .selectors import UNSETTLED_GOAL_STATUSES

_REVIEWS = Prefetch(
    "reviews", queryset=GoalReview.objects.select_related("reviewer").order_by("date", "pk")
)


def goal_period_get(*, visible: QuerySet[CoachingPeriod], pk: int) -> CoachingPeriod | None:
    """One period in the viewer's scope with what the goals page shows of it."""
    return (
        visible.select_related("trainee", "coach", "career_agent", "referral").filter(pk=pk).first()
    )


def period_goal_list(*, period: CoachingPeriod) -> list[Goal]:
    """The period's goals in the order they were set, each with its reviews oldest first."""
    return list(
        Goal.objects.filter(period=period)
        .select_related("created_by")
        .prefetch_related(_REVIEWS)
        .order_by("pk")
    )


def goal_get(*, visible: QuerySet[CoachingPeriod], pk: int) -> Goal | None:
    """One goal of a period in the viewer's scope, with its period, trainee and reviews."""
    return (
        Goal.objects.filter(period__in=visible.values("pk"), pk=pk)
        .select_related("period__trainee", "period__coach", "created_by")
        .prefetch_related(_REVIEWS)
        .first()
    )


def goal_is_due(goal: Goal, *, today: date) -> bool:
    """Whether the goal's review is due (today or earlier) and the goal is still worked on."""
    return (
        goal.review_due_on is not None
        and goal.review_due_on <= today
        and goal.status in UNSETTLED_GOAL_STATUSES
    )
