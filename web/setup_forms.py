"""Forms of the setup screens (sites and work units, coaching settings, partners).

They only shape input; ``coaching.services`` hold the rules and name the field of a refusal.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from coaching.models import PartnerOrganisation, Site


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class WorkUnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    department = forms.CharField(label=_("Department"), max_length=200, required=False)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label="—"
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    supervisor = forms.ModelChoiceField(
        label=_("Unit supervisor"), queryset=User.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args, sites, supervisors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]  # a ModelChoiceField


class CoachingSettingsForm(forms.Form):
    group_size_soft_limit = forms.IntegerField(
        label=_("Soft group limit per coach"),
        min_value=1,
        max_value=100,
        help_text=_("Above it the coach and the admin are warned."),
    )
    group_size_hard_limit = forms.IntegerField(
        label=_("Hard group limit per coach"),
        min_value=1,
        max_value=100,
        help_text=_("Above it only the admin can assign, with a reason."),
    )
    follow_up_months = forms.IntegerField(
        label=_("Follow-up months"),
        min_value=0,
        max_value=36,
        help_text=_("How long after a period the trainee is followed up."),
    )


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerOrganisation.Kind.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_title = forms.CharField(label=_("Title"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    contact_is_case_manager = forms.BooleanField(
        label=_("The contact is a case manager who sends referrals"), required=False
    )
