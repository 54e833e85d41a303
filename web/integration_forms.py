"""Forms of the integrations page: they shape input for the services, which hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from integrations.models import EVENT_LABELS

STAFF_ROLE_CHOICES = [
    (User.Role.TENANT_ADMIN.value, User.Role.TENANT_ADMIN.label),
    (User.Role.WORK_COACH.value, User.Role.WORK_COACH.label),
    (User.Role.CAREER_AGENT.value, User.Role.CAREER_AGENT.label),
    (User.Role.UNIT_SUPERVISOR.value, User.Role.UNIT_SUPERVISOR.label),
]


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=STAFF_ROLE_CHOICES,
        help_text=_(
            "The key may do what this role may do. Work coaches and career agents see only "
            "their own groups, and a key has none: choose the tenant admin for full reading."
        ),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("At most two years from today."),
    )
    allowed_networks = forms.CharField(
        label=_("Allowed address ranges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text=_("One IP address or CIDR range per line, such as 192.0.2.0/24. Empty: any."),
    )
    rate_limit_per_minute = forms.IntegerField(
        label=_("Requests per minute"), required=False, min_value=1, max_value=6000
    )


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Receiving URL"),
        max_length=500,
        help_text=_("Must begin with https:// and point to a public address."),
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=list(EVENT_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    detail_role = forms.ChoiceField(
        label=_("Personal data in messages"),
        required=False,
        choices=[("", _("Ids only (recommended)")), *STAFF_ROLE_CHOICES],
        help_text=_(
            "Messages carry ids only, unless the role chosen here may read every trainee: "
            "then they also carry the trainee's name."
        ),
    )
