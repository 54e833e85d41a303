"""Onboarding pages on the public host: the operator's municipalities and the public request.

Thin: each form posts to a service in ``onboarding.request_services``; a refusal is a 400
with the message at its field and nothing saved. The progress of a request is polled with
htmx (a fragment every two seconds while it is queued or being created; without JS the
page has a refresh link).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from accounts.permissions import permission_action

from .forms import ApproveForm, DeclineForm, OperatorMunicipalityForm, RequestForm
from .models import OnboardingRequest
from .request_services import (
    onboarding_request_approve,
    onboarding_request_create,
    onboarding_request_decline,
    onboarding_request_submit,
)
from .selectors import onboarding_request_get, onboarding_request_list


def _refusal_to_form(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _request_or_404(pk: int) -> OnboardingRequest:
    try:
        return onboarding_request_get(pk=pk)
    except OnboardingRequest.DoesNotExist:
        raise Http404 from None


@permission_action("onboarding.manage")
def operator_home(request):
    """Requests waiting for approval first, then every municipality being or been onboarded."""
    requests = list(onboarding_request_list()[:100])
    waiting = [item for item in requests if item.status == OnboardingRequest.Status.REQUESTED]
    others = [item for item in requests if item.status != OnboardingRequest.Status.REQUESTED]
    return render(request, "onboarding/operator_home.html", {"waiting": waiting, "others": others})


@permission_action("onboarding.manage")
def municipality_new(request):
    """The operator creates a municipality; the onboarding runs as a Celery task."""
    status = 200
    if request.method == "POST":
        form = OperatorMunicipalityForm(request.POST)
        if form.is_valid():
            try:
                created = onboarding_request_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                return redirect("onboarding_request_detail", pk=created.pk)
        status = 400
    else:
        form = OperatorMunicipalityForm()
    return render(request, "onboarding/municipality_new.html", {"form": form}, status=status)


def _detail_context(item: OnboardingRequest, **extra) -> dict:
    return {
        "item": item,
        "approve_form": extra.pop("approve_form", None) or ApproveForm(),
        "decline_form": extra.pop("decline_form", None) or DeclineForm(),
        **extra,
    }


@permission_action("onboarding.manage")
def request_detail(request, pk: int):
    item = _request_or_404(pk)
    return render(request, "onboarding/request_detail.html", _detail_context(item))


@permission_action("onboarding.manage")
def request_progress(request, pk: int):
    """The progress fragment the detail page polls while the municipality is being created."""
    item = _request_or_404(pk)
    return render(request, "onboarding/_progress.html", {"item": item})


@permission_action("onboarding.manage")
def request_approve(request, pk: int):
    item = _request_or_404(pk)
    if request.method != "POST":
        return redirect("onboarding_request_detail", pk=pk)
    form = ApproveForm(request.POST)
    form.is_valid()
    try:
        onboarding_request_approve(
            actor=request.user,
            request_id=item.pk,
            mfa_required=form.cleaned_data.get("mfa_required", False),
        )
    except ValidationError as error:
        _refusal_to_form(form, error)
        context = _detail_context(item, approve_form=form)
        return render(request, "onboarding/request_detail.html", context, status=400)
    messages.success(
        request, gettext("The request is approved; the municipality is being created.")
    )
    return redirect("onboarding_request_detail", pk=pk)


@permission_action("onboarding.manage")
def request_decline(request, pk: int):
    item = _request_or_404(pk)
    if request.method != "POST":
        return redirect("onboarding_request_detail", pk=pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            onboarding_request_decline(
                actor=request.user, request_id=item.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _refusal_to_form(form, error)
        else:
            messages.success(request, gettext("The request is declined."))
            return redirect("onboarding_request_detail", pk=pk)
    context = _detail_context(item, decline_form=form)
    return render(request, "onboarding/request_detail.html", context, status=400)


@permission_action("onboarding.request")
def request_submit(request):
    """The public form on which a municipality asks for Valmo; an operator decides."""
    status = 200
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid():
            try:
                onboarding_request_submit(**form.cleaned_data)
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                return redirect("onboarding_request_thanks")
        status = 400
    else:
        form = RequestForm()
    return render(request, "onboarding/request_form.html", {"form": form}, status=status)


@permission_action("onboarding.request")
def request_thanks(request):
    return render(request, "onboarding/request_thanks.html")
