"""Forms of the onboarding pages; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import Municipality
from tenants.selectors import region_list


class MunicipalityForm(forms.Form):
    """The operator's form: what ``municipality_onboard`` needs."""

    name = forms.CharField(label=_("Municipality's name"), max_length=200)
    region = forms.ChoiceField(label=_("Employment area"))
    domain = forms.CharField(
        label=_("Domain"),
        max_length=253,
        help_text=_("The municipality's own address, such as liperi.valmo.fi."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=Municipality.Language.choices
    )
    admin_email = forms.EmailField(
        label=_("First admin's e-mail"),
        help_text=_("The first admin gets an invitation to set a password."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—")] + [  # type: ignore[attr-defined]  # a ChoiceField
            (region.slug, region.name) for region in region_list()
        ]


class OperatorMunicipalityForm(MunicipalityForm):
    mfa_required = forms.BooleanField(
        label=_("Require two-factor authentication of staff (recommended)"),
        required=False,
        initial=True,
    )


class RequestForm(MunicipalityForm):
    """The public form: the same fields, and who is asking."""

    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(label=_("Your e-mail"))
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApproveForm(forms.Form):
    mfa_required = forms.BooleanField(
        label=_("Require two-factor authentication of staff (recommended)"),
        required=False,
        initial=True,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class LanguageForm(forms.Form):
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=Municipality.Language.choices
    )


class BenchmarkingForm(forms.Form):
    participates = forms.TypedChoiceField(
        label=_("Benchmarking"),
        choices=[("1", _("Take part")), ("0", _("Do not take part"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


class ImportForm(forms.Form):
    """Uploading staff or trainees from a spreadsheet (``onboarding.imports``)."""

    kind = forms.ChoiceField(
        label=_("The file contains"),
        choices=[("trainees", _("Trainees")), ("staff", _("Staff"))],
        widget=forms.RadioSelect,
        initial="trainees",
    )
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("The first row names the columns. CSV files in UTF-8, separated by ; or ,."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
