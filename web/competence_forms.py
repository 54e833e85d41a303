"""Forms of the competence page: they shape input for the competence services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from competence.page_selectors import RequirementRow

from .period_forms import ServiceErrorsMixin

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class EvidenceField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class CompetenceTickForm(ServiceErrorsMixin):
    """Tick one requirement with its evidence days in one submit.

    The evidence choices are the days that may evidence the requirement; suggested ones (a
    mapped task done in a recognised environment) come first and are checked.
    """

    evidence = EvidenceField(label=_("Evidence from the daily log"))
    reached_on = forms.DateField(
        label=_("Reached on"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use the last evidence day."),
    )
    additional_information = forms.CharField(
        label=_("Additional information"), required=False, max_length=2000, widget=TEXT
    )

    def __init__(self, row: RequirementRow, *args, **kwargs):
        kwargs.setdefault("prefix", f"r{row.requirement.pk}")
        kwargs.setdefault(
            "initial", {"evidence": [str(day.entry.pk) for day in row.suggested_days]}
        )
        super().__init__(*args, **kwargs)
        self.row = row
        field = self.fields["evidence"]
        assert isinstance(field, forms.MultipleChoiceField)
        ordered = row.suggested_days + row.other_days
        field.choices = [(str(day.entry.pk), _day_label(day)) for day in ordered]

    def evidence_groups(self) -> tuple[list, list]:
        """The evidence checkboxes split into the suggested days and the other days."""
        suggested = {str(day.entry.pk) for day in self.row.suggested_days}
        boxes = list(self["evidence"])
        return (
            [box for box in boxes if str(box.data["value"]) in suggested],
            [box for box in boxes if str(box.data["value"]) not in suggested],
        )

    def evidence_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["evidence"]]


def _day_label(day) -> str:
    day_of = day.entry.date
    label = f"{day_of.day}.{day_of.month}.{day_of.year}"  # as the pages write dates (j.n.Y)
    if day.task_names:
        label += " – " + ", ".join(day.task_names)
    return label


class SignerFields(ServiceErrorsMixin):
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)
    signer_organisation = forms.CharField(
        label=_("Signer's organisation"), max_length=200, required=False
    )

    def add_service_error(self, error) -> None:
        # The service names the signers as a whole; show it at the signer's name.
        if hasattr(error, "error_dict") and "signers" in error.error_dict:
            messages = [m for item in error.error_dict.pop("signers") for m in item.messages]
            self.add_error("signer_name", messages)
            if not error.error_dict:
                return
        super().add_service_error(error)


class CertificateIssueForm(SignerFields):
    """Issue the period's first certificate from the current ticks."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    issued_on = forms.DateField(label=_("Issue date"), required=False, widget=DATE)
    additional_information = forms.CharField(
        label=_("Additional information"), required=False, max_length=4000, widget=TEXT
    )

    field_order = [
        "language",
        "issued_on",
        "signer_name",
        "signer_title",
        "signer_organisation",
        "additional_information",
    ]


class CertificateCorrectForm(SignerFields):
    """Issue a corrected version; empty fields keep the corrected version's values."""

    reason = forms.CharField(label=_("Reason for the correction"), max_length=2000, widget=TEXT)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )
    issued_on = forms.DateField(label=_("Issue date"), required=False, widget=DATE)

    field_order = [
        "reason",
        "language",
        "issued_on",
        "signer_name",
        "signer_title",
        "signer_organisation",
    ]
