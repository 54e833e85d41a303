"""Referral intake and period action pages: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.permissions import (
    can,
    periods_visible_to,
    permission_action,
    require,
    scope_queryset,
)
from coaching.models import Phase, Referral
from coaching.models.periods import OPEN_PHASES
from coaching.period_selectors import (
    follow_up_contact_list,
    period_status_history,
    status_frame_preview,
)
from coaching.referral_selectors import period_get, referral_get, referral_intake_list
from coaching.services import (
    coaching_period_coach_assign,
    coaching_period_create,
    coaching_period_end,
    coaching_period_placement_set,
    coaching_period_transition,
    follow_up_contact_record,
    period_status_add,
    referral_decline,
)
from coaching.services.periods import PERIOD_TRANSITIONS

from .audit_reads import audit_read
from .period_forms import (
    CoachAssignForm,
    FollowUpContactForm,
    PeriodStatusForm,
    PeriodTransitionForm,
    PlacementForm,
    ReferralAcceptForm,
    ReferralDeclineForm,
    StatusFrameQueryForm,
)
from .submit import form_write


def _visible_referrals(user):
    return scope_queryset(user, "referral.view", Referral.objects.all())


@permission_action("referral.view")
def referral_list(request):
    """The intake queue: referrals no period has been opened from yet."""
    referrals = list(referral_intake_list(visible=_visible_referrals(request.user)))
    audit_read("referral.view", referrals, {row.pk: row.trainee_id for row in referrals})
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
    audit_read("referral.view", [referral], {referral.pk: referral.trainee_id})
    if restriction is not None:
        audit_read("trainee.restricted.view", [restriction], {restriction.pk: referral.trainee_id})
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


PREVIEW_FIELDS = ("status", "valid_from", "valid_until")


def _status_form(request, period, data=None) -> PeriodStatusForm:
    """The status form, prefilled from the referral's request when there is one."""
    referral = period.referral
    initial = {"valid_from": max(timezone.localdate(), period.start_on)}
    if referral is not None:
        initial.update(
            status=referral.requested_status_id,
            days_per_week=referral.days_per_week,
            hours_per_day=referral.hours_per_day,
        )
    url = reverse("period_status_frame", kwargs={"pk": period.pk})
    return PeriodStatusForm(data, initial=initial, frame_url=url)


def _frame_for(request, period, form) -> object | None:
    """The legal frame of the status and dates chosen in ``form`` (bound), or None."""
    query = StatusFrameQueryForm(form.data)
    if not query.is_valid():
        return None
    frame = status_frame_preview(
        period=period,
        status=query.cleaned_data["status"],
        on=query.cleaned_data["valid_from"],
        until=query.cleaned_data["valid_until"],
    )
    audit_read("period.status", [period], {period.pk: period.trainee_id})
    return frame


def _period_page(request, period, status: int = 200, **forms):
    """The page with every form the viewer may use; ``forms`` replaces the blank ones."""
    user = request.user
    audit_read("period.view", [period], {period.pk: period.trainee_id})
    with_social_welfare = can(user, "trainee.social_welfare.view", period)
    statuses = list(period_status_history(period=period)) if with_social_welfare else []
    if statuses:
        audit_read(
            "trainee.social_welfare.view",
            statuses,
            dict.fromkeys([row.pk for row in statuses], period.trainee_id),
        )
    contacts = list(follow_up_contact_list(period=period))
    if contacts:
        audit_read(
            "period.view", contacts, dict.fromkeys([c.pk for c in contacts], period.trainee_id)
        )
    can_status = with_social_welfare and can(user, "period.status", period)
    context = {
        "period": period,
        "is_open": period.phase in OPEN_PHASES,
        "transitions": list(period.transitions.all()),
        "form": forms.get("form") or PeriodTransitionForm(period, allowed=_allowed_phases(period)),
        "can_transition": can(user, "period.transition", period),
        "with_social_welfare": with_social_welfare,
        "statuses": statuses,
        "can_status": can_status,
        "status_form": forms.get("status_form") or _status_form(request, period),
        "frame": forms.get("frame"),
        "can_placement": can(user, "period.placement", period),
        "placement_form": forms.get("placement_form")
        or PlacementForm(
            initial={
                "work_unit": period.placement_unit_id,
                "supervisor": period.placement_supervisor_id,
            }
        ),
        "can_assign": can(user, "period.assign_coach", period),
        "assign_form": forms.get("assign_form")
        or CoachAssignForm(initial={"coach": period.coach_id}),
        "can_follow_up": can(user, "period.follow_up", period),
        "follow_up_form": forms.get("follow_up_form")
        or FollowUpContactForm(initial={"date": timezone.localdate()}),
        "contacts": contacts,
    }
    return render(request, "web/periods/actions.html", context, status=status)


@permission_action("period.view")
def period_actions(request, pk: int):
    """A period's phase, its history and the forms that change it."""
    period = _period_or_404(request, pk)
    return _period_page(request, period)


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
    return _period_page(request, period, status=400, form=form)


@permission_action("period.status")
def period_status_frame(request, pk: int):
    """The legal frame of the chosen status and start date: a fragment htmx swaps in place."""
    period = _period_or_404(request, pk)
    require(request.user, "period.status", period)
    form = _status_form(request, period, request.GET)
    frame = _frame_for(request, period, form)
    status = 200 if frame is not None or not any(request.GET.values()) else 400
    return render(
        request,
        "web/periods/_status_frame.html",
        {"frame": frame, "status_form": form, "period": period},
        status=status,
    )


@permission_action("period.status")
def period_status_add_view(request, pk: int):
    """Preview a status's legal frame, then start the status once the coach confirms."""
    period = _period_or_404(request, pk)
    require(request.user, "period.status", period)
    if request.method != "POST":
        return redirect("period_actions", pk=pk)
    form = _status_form(request, period, request.POST)
    frame = _frame_for(request, period, form)
    if "confirm" not in request.POST:  # the "Preview" submit: show the frame, save nothing
        form.is_valid()
        for name in [name for name in form.errors if name not in PREVIEW_FIELDS]:
            del form.errors[name]  # hours and days are checked when saving
        return _period_page(
            request,
            period,
            status=200 if frame is not None else 400,
            status_form=form,
            frame=frame,
        )
    if form.is_valid():
        data = form.cleaned_data
        try:
            period_status_add(
                actor=request.user,
                period=period,
                status=data["status"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                days_per_week=data["days_per_week"],
                hours_per_day=data["hours_per_day"],
                subsidy_type=data["subsidy_type"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                gettext("The status %(status)s starts on %(date)s.")
                % {"status": data["status"], "date": date_format(data["valid_from"])},
            )
            return redirect("period_actions", pk=pk)
    return _period_page(request, period, status=400, status_form=form, frame=frame)


@permission_action("period.placement")
def period_placement(request, pk: int):
    """Place the trainee in a work unit with a supervisor."""
    period = _period_or_404(request, pk)
    require(request.user, "period.placement", period)
    if request.method != "POST":
        return redirect("period_actions", pk=pk)
    form = PlacementForm(request.POST)
    if form.is_valid():
        try:
            placed = coaching_period_placement_set(
                actor=request.user,
                period=period,
                work_unit=form.cleaned_data["work_unit"],
                supervisor=form.cleaned_data["supervisor"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                gettext("The trainee is placed in %(unit)s.") % {"unit": placed.placement_unit},
            )
            return redirect("period_actions", pk=pk)
    return _period_page(request, period, status=400, placement_form=form)


@permission_action("period.assign_coach")
def period_coach_assign(request, pk: int):
    """Hand the period to another work coach."""
    period = _period_or_404(request, pk)
    require(request.user, "period.assign_coach", period)
    if request.method != "POST":
        return redirect("period_actions", pk=pk)
    form = CoachAssignForm(request.POST)
    if form.is_valid():
        try:
            result = coaching_period_coach_assign(
                actor=request.user,
                period=period,
                coach=form.cleaned_data["coach"],
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            coach = result.period.coach
            messages.success(
                request,
                gettext("The period is now in %(coach)s's group.")
                % {"coach": coach.get_full_name() or coach.email},
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            if can(request.user, "period.view", result.period):
                return redirect("period_actions", pk=pk)
            return redirect("trainee_list")
    return _period_page(request, period, status=400, assign_form=form)


@permission_action("period.follow_up")
def period_follow_up(request, pk: int):
    """Record a follow-up contact after the period has ended."""
    period = _period_or_404(request, pk)
    require(request.user, "period.follow_up", period)
    if request.method != "POST":
        return redirect("period_actions", pk=pk)
    form = FollowUpContactForm(request.POST)
    if form_write(
        form, lambda data: follow_up_contact_record(actor=request.user, period=period, **data)
    ):
        messages.success(request, gettext("The follow-up contact is recorded."))
        return redirect("period_actions", pk=pk)
    return _period_page(request, period, status=400, follow_up_form=form)


@permission_action("period.create")
def referral_decline_view(request, pk: int):
    """Decline a referral with a reason; no period is opened."""
    referral = _referral_or_404(request, pk)
    if request.method != "POST":
        return redirect("referral_detail", pk=pk)
    form = ReferralDeclineForm(data=request.POST)
    if form_write(
        form,
        lambda data: referral_decline(actor=request.user, referral=referral, reason=data["reason"]),
    ):
        messages.success(request, gettext("The referral is declined."))
        return redirect("referral_list")
    accept = ReferralAcceptForm(referral, viewer=request.user)
    return _referral_page(request, referral, accept, decline_form=form, status=400)
