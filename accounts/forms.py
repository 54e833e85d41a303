"""Forms of the account pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .common import on_public_schema
from .models import SecurityPolicy, User


def form_errors_add(form: forms.Form, error: ValidationError) -> None:
    """Show a service's field errors on the form; errors for other fields go on top."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class StaffInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)

    def __init__(self, *args, roles: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (value, label) for value, label in User.Role.choices if value in roles
        ]


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = [
            "mfa_required_for_staff",
            "session_idle_minutes",
            "trainee_sign_in_allowed",
            "sso_new_staff_role",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if on_public_schema():
            # Operators and coordinators: no trainees and no single sign-on on the public host.
            del self.fields["trainee_sign_in_allowed"]
            del self.fields["sso_new_staff_role"]


class SsoProviderForm(forms.Form):
    label = forms.CharField(
        label=_("Button text"),
        max_length=40,
        help_text=_("For example: Sign in with the city's account"),
    )
    issuer_url = forms.CharField(
        label=_("Issuer URL"),
        max_length=500,
        help_text=_("Entra ID: https://login.microsoftonline.com/<directory (tenant) ID>/v2.0"),
    )
    client_id = forms.CharField(label=_("Client (application) ID"), max_length=191)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        help_text=_("Leave empty to keep the stored secret."),
    )
    enabled = forms.BooleanField(label=_("In use"), required=False, initial=True)
    trust_email = forms.BooleanField(
        label=_("Trust the e-mail addresses the provider reports"),
        required=False,
        help_text=_(
            "Needed for Entra ID, which does not say whether an address is verified. Turn on "
            "only for your organisation's own directory."
        ),
    )
