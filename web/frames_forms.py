"""Forms of the status, service form and instrument setup screens.

They only shape input; the services hold the rules (statutory limits, names in use, scale and
items of an instrument) and name the field of a refusal.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from competence.capacity.models import Occasion, RaterType


class StatusUseForm(forms.Form):
    """Take a status into use or out of use (the button says which)."""

    is_active = forms.BooleanField(required=False)


class LocalFrameForm(forms.Form):
    max_days_per_week = forms.IntegerField(
        label=_("Days per week at most"), required=False, min_value=1, max_value=7
    )
    max_hours_per_day = forms.DecimalField(
        label=_("Hours per day at most"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=24,
        max_digits=4,
        decimal_places=2,
    )
    max_hours_per_week = forms.DecimalField(
        label=_("Hours per week at most"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=168,
        max_digits=5,
        decimal_places=2,
    )
    max_months_per_period = forms.IntegerField(
        label=_("Months per period at most"), required=False, min_value=1, max_value=120
    )


class ServiceFormAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ServiceFormEditForm(ServiceFormAddForm):
    is_active = forms.BooleanField(label=_("In use"), required=False)


class TargetGroupAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class TargetGroupEditForm(TargetGroupAddForm):
    is_active = forms.BooleanField(label=_("In use"), required=False)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class InstrumentAuthorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("A short identifier: lower-case letters, digits and hyphens."),
    )
    rater_types = forms.MultipleChoiceField(
        label=_("Who rates"),
        choices=RaterType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    occasions = forms.MultipleChoiceField(
        label=_("When"),
        choices=Occasion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=list(Occasion.values),
    )
    scale_from = forms.TypedChoiceField(
        label=_("The scale starts at"),
        choices=[(1, "1"), (0, "0")],
        coerce=int,
        initial=1,
    )
    scale_labels = forms.CharField(
        label=_("Scale points, lowest first"),
        help_text=_("One label per line, for example: Not yet / Partly / Mostly / Fully."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Give between 2 and 10 scale points, one per line.")},
    )
    items = forms.CharField(
        label=_("Items"),
        help_text=_("One observable behaviour per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Give at least one item, one per line.")},
    )

    def clean_scale_labels(self) -> list[str]:
        return _lines(self.cleaned_data["scale_labels"])

    def clean_items(self) -> list[str]:
        return _lines(self.cleaned_data["items"])
