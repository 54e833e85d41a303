"""Goals of a coaching period and their reviews (the status history)."""

from __future__ import annotations

from datetime import date as date_type

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import CoachingPeriod, Goal, GoalReview, GoalStatus, Phase
from coaching.models.periods import OPEN_PHASES
from privacy import audit

from .common import refuse


def _review_due_check(period: CoachingPeriod, review_due_on: date_type | None) -> None:
    if review_due_on is not None and review_due_on < period.start_on:
        raise refuse("review_due_on", gettext("A review cannot be due before the period starts."))


@transaction.atomic
@permission_required_for("goal.manage", obj="period")
def goal_create(
    *,
    actor: User,
    period: CoachingPeriod,
    text: str,
    source: str = Goal.Source.INTAKE,
    review_due_on: date_type | None = None,
) -> Goal:
    """Set a goal for an open period; it starts ``open``."""
    if period.phase not in OPEN_PHASES:
        raise refuse("period", gettext("The period is no longer open."))
    if not text.strip():
        raise refuse("text", gettext("Describe the goal."))
    if source not in Goal.Source.values:
        raise refuse("source", gettext("Choose a valid source."))
    _review_due_check(period, review_due_on)
    goal = Goal(
        period=period,
        text=text.strip(),
        source=source,
        review_due_on=review_due_on,
        created_by=actor,
    )
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
@permission_required_for("goal.manage", obj="period")
def goals_from_referral_create(
    *, actor: User, period: CoachingPeriod, review_due_on: date_type | None = None
) -> list[Goal]:
    """Turn each line of the referral's goals into a goal of the period.

    Lines already taken over are skipped, so calling it again adds only new lines.
    """
    if period.phase not in OPEN_PHASES:
        raise refuse("period", gettext("The period is no longer open."))
    lines = [] if period.referral is None else period.referral.goals.splitlines()
    texts = list(dict.fromkeys(line.strip(" -•\t") for line in lines if line.strip(" -•\t")))
    if not texts:
        raise refuse("period", gettext("The period's referral states no goals."))
    _review_due_check(period, review_due_on)
    taken = set(
        Goal.objects.filter(period=period, source=Goal.Source.REFERRAL).values_list(
            "text", flat=True
        )
    )
    goals = Goal.objects.bulk_create(
        Goal(
            period=period,
            text=text,
            source=Goal.Source.REFERRAL,
            review_due_on=review_due_on,
            created_by=actor,
        )
        for text in texts
        if text not in taken
    )
    audit.record_rows("create", goals)  # bulk writes send no signals
    return goals


@transaction.atomic
@permission_required_for("goal.manage", obj="goal")
def goal_review_record(
    *,
    actor: User,
    goal: Goal,
    date: date_type,
    note: str,
    status: str,
    next_review_on: date_type | None = None,
) -> GoalReview:
    """Review a goal: the note and the new status are kept as one history row.

    Reviews of a closed period's goals are refused; the review sets the next due date (none
    when not given).
    """
    goal = Goal.objects.select_for_update().select_related("period").get(pk=goal.pk)
    if goal.period.phase == Phase.CLOSED:
        raise refuse("goal", gettext("The goals of a closed period can no longer be reviewed."))
    if status not in GoalStatus.values:
        raise refuse("status", gettext("Choose a valid status."))
    if not note.strip():
        raise refuse("note", gettext("Write a progress note."))
    if date > timezone.localdate():
        raise refuse("date", gettext("A review cannot be dated in the future."))
    if date < goal.period.start_on:
        raise refuse("date", gettext("A review cannot be dated before the period starts."))
    last = goal.reviews.order_by("-date").values_list("date", flat=True).first()
    if last is not None and date < last:
        raise refuse("date", gettext("A review cannot be dated before the previous review."))
    if next_review_on is not None and next_review_on <= date:
        raise refuse("next_review_on", gettext("The next review must come after this one."))
    review = GoalReview.objects.create(
        goal=goal,
        date=date,
        reviewer=actor,
        note=note.strip(),
        from_status=goal.status,
        to_status=status,
    )
    goal.status = status
    goal.review_due_on = next_review_on
    goal.save(update_fields=["status", "review_due_on", "updated_at"])
    return review


@transaction.atomic
@permission_required_for("goal.manage", obj="goal")
def goal_update(
    *,
    actor: User,
    goal: Goal,
    text: str,
    review_due_on: date_type | None = None,
) -> Goal:
    """Reword a goal or move its next review; the status changes only through reviews.

    Refused once the period is closed, like its reviews. The write is audited through the
    service call; the review history (the status changes) is left untouched.
    """
    goal = Goal.objects.select_for_update().select_related("period").get(pk=goal.pk)
    if goal.period.phase == Phase.CLOSED:
        raise refuse("goal", gettext("The goals of a closed period can no longer be changed."))
    if not text.strip():
        raise refuse("text", gettext("Describe the goal."))
    _review_due_check(goal.period, review_due_on)
    goal.text = text.strip()
    goal.review_due_on = review_due_on
    goal.full_clean()
    goal.save(update_fields=["text", "review_due_on", "updated_at"])
    return goal
