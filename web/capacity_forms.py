"""The capacity assessment entry form: one radio group per item, shaped for the service.

Each item offers the scale's values, "not observed" (when the instrument has it) and "no
answer". "No answer" is the default and stores nothing (a missing item); "not observed" is an
answer of its own. A value outside these is an error at that item.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from competence.capacity.models import Dimension, InstrumentVersion, Item
from competence.capacity.services import NOT_OBSERVED
from competence.capacity.services.common import AnswerValue

from .period_forms import ServiceErrorsMixin

NO_ANSWER = ""


def item_field_name(item: Item) -> str:
    return f"item-{item.code}"


class AssessmentEntryForm(ServiceErrorsMixin):
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    finalise = forms.BooleanField(
        label=_("Finalise: the assessment can no longer be changed"), required=False
    )

    def __init__(
        self,
        version: InstrumentVersion,
        *args,
        answers: dict[str, int | None] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.version = version
        self.items: list[Item] = [
            item for dimension in version.dimensions.all() for item in dimension.items.all()
        ]
        answers = answers or {}
        choices: list[tuple[str, str | Promise]] = [
            (str(point.value), point.label) for point in version.scale_points.all()
        ]
        if version.allows_not_observed:
            choices.append((NOT_OBSERVED, version.not_observed_label or _("Not observed")))
        choices.append((NO_ANSWER, _("No answer")))
        for item in self.items:
            name = item_field_name(item)
            self.fields[name] = forms.ChoiceField(
                label=item.text or item.code,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            if item.code in answers:
                value = answers[item.code]
                self.initial[name] = NOT_OBSERVED if value is None else str(value)
            else:
                self.initial[name] = NO_ANSWER
        self.fields["assessed_on"].initial = timezone.localdate()

    def sections(self) -> list[tuple[Dimension, list[tuple[Item, forms.BoundField]]]]:
        """The items by dimension, each with its bound radio group (for the template)."""
        return [
            (
                dimension,
                [(item, self[item_field_name(item)]) for item in dimension.items.all()],
            )
            for dimension in self.version.dimensions.all()
        ]

    def answers(self) -> dict[str, AnswerValue]:
        """``{item code: value or "not_observed"}``; unanswered items are left out."""
        found: dict[str, AnswerValue] = {}
        for item in self.items:
            value = self.cleaned_data.get(item_field_name(item)) or NO_ANSWER
            if value == NOT_OBSERVED:
                found[item.code] = NOT_OBSERVED
            elif value != NO_ANSWER:
                found[item.code] = int(value)
        return found
