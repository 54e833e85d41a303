"""Setup screens of the municipality's configuration, linked from the setup checklist.

Sites and work units with contact persons, the coaching settings (group limits, follow-up
months) and partner organisations. Each form posts to a service; a refusal is a 400 with
the message at its field and nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_action
from coaching.models import PartnerOrganisation
from coaching.selectors import coaching_settings_get, site_list, work_unit_list
from coaching.services import (
    coaching_settings_update,
    partner_organisation_add,
    site_create,
    work_unit_create,
)

from .setup_forms import CoachingSettingsForm, PartnerForm, SiteForm, WorkUnitForm


def _refusal_to_form(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _unit_form(data=None) -> WorkUnitForm:
    return WorkUnitForm(
        data,
        prefix="unit",
        sites=site_list(),
        supervisors=User.objects.filter(role=User.Role.UNIT_SUPERVISOR, is_active=True),
    )


@permission_action("configuration.change")
def sites(request):
    """The sites and work units, a form for each; the unit's contact person is required."""
    site_form = SiteForm(prefix="site")
    unit_form = _unit_form()
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind == "site":
            site_form = SiteForm(request.POST, prefix="site")
            if site_form.is_valid():
                try:
                    site_create(actor=request.user, **site_form.cleaned_data)
                except ValidationError as error:
                    _refusal_to_form(site_form, error)
                else:
                    messages.success(request, gettext("The site is added."))
                    return redirect("setup_sites")
        else:
            unit_form = _unit_form(request.POST)
            if unit_form.is_valid():
                try:
                    work_unit_create(actor=request.user, **unit_form.cleaned_data)
                except ValidationError as error:
                    _refusal_to_form(unit_form, error)
                else:
                    messages.success(request, gettext("The work unit is added."))
                    return redirect("setup_sites")
        status = 400
    context = {
        "site_form": site_form,
        "unit_form": unit_form,
        "sites": site_list(),
        "units": work_unit_list(),
    }
    return render(request, "web/setup/sites.html", context, status=status)


@permission_action("settings.change")
def coaching_settings(request):
    """Group limits per coach and follow-up months, through ``coaching_settings_update``."""
    current = coaching_settings_get()
    status = 200
    if request.method == "POST":
        form = CoachingSettingsForm(request.POST)
        if form.is_valid():
            try:
                coaching_settings_update(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, gettext("The coaching settings are saved."))
                return redirect("setup_coaching_settings")
        status = 400
    else:
        form = CoachingSettingsForm(
            initial={
                "group_size_soft_limit": current.group_size_soft_limit,
                "group_size_hard_limit": current.group_size_hard_limit,
                "follow_up_months": current.follow_up_months,
            }
        )
    context = {"form": form, "saved": current.pk is not None}
    return render(request, "web/setup/coaching_settings.html", context, status=status)


@permission_action("partner.manage")
def partners(request):
    """Partner organisations and their contacts; a new one with its first contact at once."""
    status = 200
    if request.method == "POST":
        form = PartnerForm(request.POST)
        if form.is_valid():
            try:
                partner_organisation_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, gettext("The partner organisation is added."))
                return redirect("setup_partners")
        status = 400
    else:
        form = PartnerForm()
    organisations = PartnerOrganisation.objects.prefetch_related("contacts").order_by("name")
    context = {"form": form, "organisations": organisations}
    return render(request, "web/setup/partners.html", context, status=status)
