"""Forms of the competence configuration screens: they shape input for the services."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from competence.config_selectors import UnitTree, place_choices
from competence.frameworks.models import Requirement

from .period_forms import ServiceErrorsMixin

DATE = forms.DateInput(attrs={"type": "date"})


class RequirementChoiceMixin(forms.Form):
    """Units and requirements chosen by checkbox from a requirement tree (ids as strings)."""

    units = forms.MultipleChoiceField(
        label=_("Whole units"), required=False, widget=forms.CheckboxSelectMultiple
    )
    requirements = forms.MultipleChoiceField(
        label=_("Requirements"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def set_tree(self, tree: Iterable[UnitTree], extra: Iterable[Requirement] = ()) -> None:
        """Offer the tree's units and requirements, and ``extra`` rows (kept old mappings)."""
        trees = list(tree)
        units = self.fields["units"]
        requirements = self.fields["requirements"]
        assert isinstance(units, forms.MultipleChoiceField)
        assert isinstance(requirements, forms.MultipleChoiceField)
        units.choices = [(str(t.unit.pk), t.name) for t in trees]
        rows = [row for t in trees for row in t.requirements] + list(extra)
        requirements.choices = [(str(row.pk), row.code) for row in rows]

    def chosen(self, name: str) -> set[int]:
        """The ids ticked in the submitted (or initial) data, for drawing the checkboxes."""
        if self.is_bound:
            values = self.data.getlist(self.add_prefix(name))  # type: ignore[attr-defined]
        else:
            values = self.initial.get(name, [])
        return {int(value) for value in values if str(value).isdigit()}

    def ids(self, name: str) -> list[int]:
        return [int(value) for value in self.cleaned_data.get(name, [])]


class RecognitionForm(RequirementChoiceMixin, ServiceErrorsMixin):
    """A new recognition: the place, the outside recogniser and what is recognised."""

    site = forms.ChoiceField(label=_("Site or work unit"))
    recogniser_name = forms.CharField(label=_("Recogniser's name"), max_length=200)
    recogniser_title = forms.CharField(
        label=_("Recogniser's title"), max_length=200, required=False
    )
    recogniser_organisation = forms.CharField(label=_("Recogniser's organisation"), max_length=200)
    recognised_on = forms.DateField(label=_("Recognised on"), widget=DATE)
    report_url = forms.CharField(
        label=_("Published report (web address)"),
        max_length=500,
        required=False,
        help_text=_("For example the PAIKKO report of the recognition."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = [
        "site",
        "recogniser_name",
        "recogniser_title",
        "recogniser_organisation",
        "recognised_on",
        "report_url",
        "description",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "—"), *place_choices()]


class RequirementsAddForm(RequirementChoiceMixin, ServiceErrorsMixin):
    """More units or requirements for an existing recognition."""


class TaskMappingForm(RequirementChoiceMixin, ServiceErrorsMixin):
    """The requirements of one qualification a catalogue task gives a chance to show."""
