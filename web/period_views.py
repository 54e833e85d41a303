"""Referral intake and period action pages: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from accounts.permissions import (
    can,
    periods_visible_to,
    permission_action,
    require,
    rule_for,
    scope_queryset,
)
from coaching.models import Phase, Referral
from coaching.referral_selectors import period_get, referral_get, referral_intake_list
from coaching.services import (
    coaching_period_create,
    coaching_period_end,
    coaching_period_transition,
    referral_decline,
)
from coaching.services.periods import PERIOD_TRANSITIONS
from privacy import audit

from .period_forms import PeriodTransitionForm, ReferralAcceptForm, ReferralDeclineForm


def _audit_read(action: str, rows: list, trainee_ids: dict) -> None:
    rule = rule_for(action)
    audit.record_rows(
        "read", rows, section=rule.section, purpose=rule.purpose, trainee_ids=trainee_ids
    )


def _visible_referrals(user):
    return scope_queryset(user, "referral.view", Referral.objects.all())


@permission_action("referral.view")
def referral_list(request):
    """The intake queue: referrals no period has been opened from yet."""
    referrals = list(referral_intake_list(visible=_visible_referrals(request.user)))
    _audit_read("referral.view", referrals, {row.pk: row.trainee_id for row in referrals})
    return render(request, "web/referrals/list.html", {"referrals": referrals})


def _referral_page(
    request,
    referral: Referral,
    form: ReferralAcceptForm,
    decline_form: ReferralDeclineForm | None = None,
    status: int = 200,
):
    restricted_allowed = can(request.user, "trainee.restricted.view", referral.trainee)
    restriction = getattr(referral, "restriction", None) if restricted_allowed else None
    _audit_read("referral.view", [referral], {referral.pk: referral.trainee_id})
    if restriction is not None:
        _audit_read("trainee.restricted.view", [restriction], {restriction.pk: referral.trainee_id})
    context = {
        "referral": referral,
        "restricted_allowed": restricted_allowed,
        "restriction": restriction,
        "has_restriction": hasattr(referral, "restriction"),
        "attachments": list(referral.attachments.all()),
        "periods": list(referral.periods.all()),
        "can_accept": can(request.user, "period.create"),
        "form": form,
        "decline_form": decline_form or ReferralDeclineForm(),
    }
    return render(request, "web/referrals/detail.html", context, status=status)


def _referral_or_404(request, pk: int) -> Referral:
    referral = referral_get(visible=_visible_referrals(request.user), pk=pk)
    if referral is None:
        raise Http404(gettext("No such referral."))
    return referral


@permission_action("referral.view")
def referral_detail(request, pk: int):
    """The case manager's referral, its restricted section (when allowed) and attachments."""
    referral = _referral_or_404(request, pk)
    return _referral_page(request, referral, ReferralAcceptForm(referral, viewer=request.user))


@permission_action("period.create")
def referral_accept(request, pk: int):
    """Accept a referral: open a period for the trainee in phase "referred"."""
    referral = _referral_or_404(request, pk)
    if request.method != "POST":
        return redirect("referral_detail", pk=pk)
    form = ReferralAcceptForm(referral, data=request.POST, viewer=request.user)
    if form.is_valid():
        try:
            result = coaching_period_create(
                actor=request.user,
                trainee=referral.trainee,
                referral=referral,
                coach=form.cleaned_data["coach"],
                start_on=form.cleaned_data["start_on"],
                planned_end_on=form.cleaned_data["planned_end_on"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The referral is accepted and a period opened."))
            for warning in result.warnings:
                messages.warning(request, warning)
            if can(request.user, "period.view", result.period):
                return redirect("period_actions", pk=result.period.pk)
            return redirect("referral_list")
    return _referral_page(request, referral, form, status=400)


def _period_or_404(request, pk: int):
    period = period_get(visible=periods_visible_to(request.user), pk=pk)
    if period is None:
        raise Http404(gettext("No such coaching period."))
    return period


def _allowed_phases(period) -> list[str]:
    allowed = PERIOD_TRANSITIONS.get(period.phase, frozenset())
    if period.phase == Phase.INTERRUPTED:
        allowed = frozenset(
            p for p in allowed if p in (Phase.ENDED, period.phase_before_interruption)
        )
    return sorted(allowed, key=Phase.values.index)


def _period_page(request, period, form, status: int = 200):
    _audit_read("period.view", [period], {period.pk: period.trainee_id})
    context = {
        "period": period,
        "transitions": list(period.transitions.all()),
        "form": form,
        "can_transition": can(request.user, "period.transition", period),
    }
    return render(request, "web/periods/actions.html", context, status=status)


@permission_action("period.view")
def period_actions(request, pk: int):
    """A period's phase, its history and the forms that change it."""
    period = _period_or_404(request, pk)
    form = PeriodTransitionForm(period, allowed=_allowed_phases(period))
    return _period_page(request, period, form)


@permission_action("period.transition")
def period_transition(request, pk: int):
    """Move the period to another phase; each rule's refusal is shown at its field."""
    period = _period_or_404(request, pk)
    require(request.user, "period.transition", period)
    if request.method != "POST":
        return redirect("period_actions", pk=pk)
    form = PeriodTransitionForm(period, data=request.POST, allowed=_allowed_phases(period))
    if form.is_valid():
        try:
            data = form.cleaned_data
            if data["to_phase"] == Phase.ENDED:  # ending records the outcome with it
                result = coaching_period_end(
                    actor=request.user,
                    period=period,
                    outcome=data["outcome"],
                    reason=data["reason"],
                )
            else:
                result = coaching_period_transition(
                    actor=request.user,
                    period=period,
                    to_phase=data["to_phase"],
                    reason=data["reason"],
                )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                gettext("The period is now in phase %(phase)s.")
                % {"phase": result.period.get_phase_display()},
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect(reverse("period_actions", kwargs={"pk": pk}))
    return _period_page(request, period, form, status=400)


@permission_action("period.create")
def referral_decline_view(request, pk: int):
    """Decline a referral with a reason; no period is opened."""
    referral = _referral_or_404(request, pk)
    if request.method != "POST":
        return redirect("referral_detail", pk=pk)
    form = ReferralDeclineForm(data=request.POST)
    if form.is_valid():
        try:
            referral_decline(
                actor=request.user, referral=referral, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The referral is declined."))
            return redirect("referral_list")
    accept = ReferralAcceptForm(referral, viewer=request.user)
    return _referral_page(request, referral, accept, decline_form=form, status=400)
