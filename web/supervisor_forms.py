"""Forms of the unit supervisor's pages: they shape input for the services and show refusals."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coaching.models import FeedbackScore, PlacementFeedback, WorkTask, WorkUnit
from coaching.models.feedback import FEEDBACK_COMMENT_MAX, FEEDBACK_CRITERIA, FEEDBACK_LABELS

from .period_forms import IsoDateInput, ServiceErrorsMixin


def _score_field(name: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=FEEDBACK_LABELS[name],
        choices=[(value, f"{value} – {label}") for value, label in FeedbackScore.choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 4."),
            "invalid_choice": _("Choose a rating from 1 to 4."),
        },
    )


class FeedbackForm(ServiceErrorsMixin):
    """This week's feedback: four ratings with plain words and a short optional comment."""

    attendance = _score_field("attendance")
    work_quality = _score_field("work_quality")
    safety = _score_field("safety")
    cooperation = _score_field("cooperation")
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=FEEDBACK_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Short and about the work; the trainee's coach reads it."),
    )

    def __init__(self, *args, feedback: PlacementFeedback | None = None, **kwargs):
        if feedback is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(feedback, name) for name in (*FEEDBACK_CRITERIA, "comment")},
            )
        super().__init__(*args, **kwargs)

    def ratings(self) -> list[forms.BoundField]:
        return [self[name] for name in FEEDBACK_CRITERIA]


class UnitWorkOrderForm(ServiceErrorsMixin):
    """A new order from the supervisor's own unit; the coaching staff plan it."""

    ordering_unit = forms.ModelChoiceField(
        label=_("Ordering unit"), queryset=WorkUnit.objects.none()
    )
    description = forms.CharField(
        label=_("What work is needed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    requested_start_on = forms.DateField(label=_("Requested start"), widget=IsoDateInput())
    requested_end_on = forms.DateField(
        label=_("Requested end"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty for a single day."),
    )
    task = forms.ModelChoiceField(
        label=_("Task from the catalogue"),
        required=False,
        queryset=WorkTask.objects.none(),
        help_text=_("If you know it; the coach can add tasks later."),
    )
    contact_phone = forms.CharField(label=_("Your phone"), required=False, max_length=40)

    def __init__(self, *args, units: QuerySet[WorkUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ordering_unit"].queryset = units  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["task"].queryset = WorkTask.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
            retired_at__isnull=True
        ).order_by("name", "pk")
        if len(units) == 1:
            self.fields["ordering_unit"].initial = units[0].pk
            self.fields["ordering_unit"].empty_label = None  # type: ignore[attr-defined]  # a ModelChoiceField

    def add_service_error(self, error) -> None:
        # The service names its ordered lines "tasks"; here the one line is "task".
        if hasattr(error, "error_dict") and "tasks" in error.error_dict:
            error.error_dict["task"] = error.error_dict.pop("tasks")
        super().add_service_error(error)
