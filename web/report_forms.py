"""Forms of the final summary and interim report screens: they shape input, the services rule."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .period_forms import IsoDateInput, ServiceErrorsMixin


def _text(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=20_000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReportTextsForm(ServiceErrorsMixin):
    """The written sections; each save records the writer as a co-author."""

    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES)
    work_capacity = _text(_("Work capacity"))
    functional_capacity = _text(_("Functional capacity"))
    work_unit_input = _text(
        _("The work unit's input"), _("What the work unit's supervisor said, in their words.")
    )
    trainee_view = _text(_("The trainee's own view"))
    recommendations = _text(_("Recommendations and next steps"))


class AcknowledgeForm(ServiceErrorsMixin):
    on = forms.DateField(label=_("Date of the acknowledgement"), widget=IsoDateInput())


class FinaliseForm(ServiceErrorsMixin):
    confirm = forms.BooleanField(
        label=_("I have checked the document; finalising freezes this version."), required=True
    )


class CorrectForm(ServiceErrorsMixin):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeliverForm(ServiceErrorsMixin):
    recipient_name = forms.CharField(label=_("Case manager's name"), max_length=200)
    recipient_email = forms.CharField(label=_("Case manager's e-mail"), max_length=254)


class ScheduleForm(ServiceErrorsMixin):
    interval_months = forms.TypedChoiceField(
        label=_("Interval between interim reports (months)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 7)],
    )


class InterimStartForm(ServiceErrorsMixin):
    covers_from = forms.DateField(widget=forms.HiddenInput())


class DeliveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The code was sent to you in a separate message."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
