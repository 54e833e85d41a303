"""The goals screens: a period's goals with their reviews, new goals, reviews and edits.

Thin: reads through ``coaching.goal_selectors``, writes through the goal services, access
through the permission layer; every page that shows the trainee logs the read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.permissions import can, periods_visible_to, permission_action, require, rule_for
from coaching.goal_selectors import goal_get, goal_is_due, goal_period_get, period_goal_list
from coaching.models import CoachingPeriod, Goal, Phase
from coaching.models.periods import OPEN_PHASES
from coaching.services.goals import (
    goal_create,
    goal_review_record,
    goal_update,
    goals_from_referral_create,
)
from privacy import audit

from .goal_forms import GoalCreateForm, GoalForm, GoalReviewForm
from .submit import form_write


def _audit_read(period: CoachingPeriod, goals: list[Goal]) -> None:
    rule = rule_for("goal.view")
    rows = [period, *goals, *(review for goal in goals for review in goal.reviews.all())]
    audit.record_rows(
        "read",
        rows,
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={row.pk: period.trainee_id for row in rows},
    )


def _period_or_404(request, pk: int) -> CoachingPeriod:
    period = goal_period_get(visible=periods_visible_to(request.user, "goal.view"), pk=pk)
    if period is None:
        raise Http404(gettext("No such coaching period."))
    return period


def _goal_or_404(request, pk: int) -> Goal:
    goal = goal_get(visible=periods_visible_to(request.user, "goal.view"), pk=pk)
    if goal is None:
        raise Http404(gettext("No such goal."))
    return goal


def _goals_url(period_id: int) -> str:
    return reverse("period_goals", kwargs={"pk": period_id})


def _goals_page(request, period: CoachingPeriod, form: GoalCreateForm | None, status: int = 200):
    goals = period_goal_list(period=period)
    _audit_read(period, goals)
    today = timezone.localdate()
    can_manage = can(request.user, "goal.manage", period)
    context = {
        "period": period,
        "goals": [(goal, goal_is_due(goal, today=today)) for goal in goals],
        "can_manage": can_manage,
        "can_add": can_manage and period.phase in OPEN_PHASES,
        "can_review": can_manage and period.phase != Phase.CLOSED,
        "referral_goals": bool(period.referral and period.referral.goals.strip()),
        "form": form or GoalCreateForm(),
    }
    return render(request, "web/goals/list.html", context, status=status)


@permission_action("goal.view")
def period_goals(request, pk: int):
    """The period's goals, each with its review history and due date, and the new-goal form."""
    period = _period_or_404(request, pk)
    return _goals_page(request, period, None)


@permission_action("goal.manage")
def period_goal_create(request, pk: int):
    """Set a new goal for the period; refusals are shown at their fields."""
    period = _period_or_404(request, pk)
    require(request.user, "goal.manage", period)
    if request.method != "POST":
        return redirect(_goals_url(period.pk))
    form = GoalCreateForm(data=request.POST)
    if form_write(
        form,
        lambda data: goal_create(
            actor=request.user,
            period=period,
            text=data["text"],
            source=data["source"],
            review_due_on=data["review_due_on"],
        ),
    ):
        messages.success(request, gettext("The goal is saved."))
        return redirect(_goals_url(period.pk))
    return _goals_page(request, period, form, status=400)


@permission_action("goal.manage")
def period_goals_from_referral(request, pk: int):
    """Take over the goals the referral states (each line once)."""
    period = _period_or_404(request, pk)
    require(request.user, "goal.manage", period)
    if request.method != "POST":
        return redirect(_goals_url(period.pk))
    try:
        goals = goals_from_referral_create(actor=request.user, period=period)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_goals_url(period.pk))
    messages.success(
        request,
        ngettext(
            "%(count)d goal taken over from the referral.",
            "%(count)d goals taken over from the referral.",
            len(goals),
        )
        % {"count": len(goals)},
    )
    return redirect(_goals_url(period.pk))


def _goal_page(request, goal: Goal, template: str, form, status: int = 200):
    _audit_read(goal.period, [goal])
    context = {"goal": goal, "period": goal.period, "form": form}
    return render(request, template, context, status=status)


@permission_action("goal.manage")
def goal_review(request, pk: int):
    """Review a goal: the progress note, its new status and the next review date."""
    goal = _goal_or_404(request, pk)
    require(request.user, "goal.manage", goal)
    if request.method == "POST":
        form = GoalReviewForm(data=request.POST, goal=goal)
        if form_write(
            form,
            lambda data: goal_review_record(
                actor=request.user,
                goal=goal,
                date=data["date"],
                note=data["note"],
                status=data["status"],
                next_review_on=data["next_review_on"],
            ),
        ):
            messages.success(request, gettext("The review is saved."))
            return redirect(f"{_goals_url(goal.period_id)}#goal-{goal.pk}")
        return _goal_page(request, goal, "web/goals/review.html", form, status=400)
    return _goal_page(request, goal, "web/goals/review.html", GoalReviewForm(goal=goal))


@permission_action("goal.manage")
def goal_edit(request, pk: int):
    """Reword a goal or move its next review; the status changes only through a review."""
    goal = _goal_or_404(request, pk)
    require(request.user, "goal.manage", goal)
    if request.method == "POST":
        form = GoalForm(data=request.POST, goal=goal)
        if form_write(
            form,
            lambda data: goal_update(
                actor=request.user,
                goal=goal,
                text=data["text"],
                review_due_on=data["review_due_on"],
            ),
        ):
            messages.success(request, gettext("The goal is saved."))
            return redirect(f"{_goals_url(goal.period_id)}#goal-{goal.pk}")
        return _goal_page(request, goal, "web/goals/edit.html", form, status=400)
    return _goal_page(request, goal, "web/goals/edit.html", GoalForm(goal=goal))
