"""Forms of the goals screens: they shape input for the goal services and hold no rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.models import Goal, GoalStatus

from .period_forms import ServiceErrorsMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(ServiceErrorsMixin):
    """A new goal, or an existing goal's wording and next review (its status is reviewed)."""

    text = forms.CharField(
        label=_("Goal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    review_due_on = forms.DateField(
        label=_("Review due"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("The dashboard lists the goal a week before its review is due."),
    )

    def __init__(self, *args, goal: Goal | None = None, **kwargs):
        if goal is not None:
            kwargs.setdefault("initial", {"text": goal.text, "review_due_on": goal.review_due_on})
        super().__init__(*args, **kwargs)


class GoalCreateForm(GoalForm):
    source = forms.ChoiceField(
        label=_("Source"), choices=Goal.Source.choices, initial=Goal.Source.COACHING
    )


class GoalReviewForm(ServiceErrorsMixin):
    """A dated review: the progress note, the status it leaves the goal in, the next review."""

    date = forms.DateField(label=_("Date of the review"), widget=DATE_INPUT)
    status = forms.ChoiceField(label=_("Status after the review"), choices=GoalStatus.choices)
    note = forms.CharField(
        label=_("Progress note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_review_on = forms.DateField(
        label=_("Next review"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty when the goal needs no further review."),
    )

    def __init__(self, *args, goal: Goal, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "status": goal.status})
        super().__init__(*args, **kwargs)
