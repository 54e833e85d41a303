"""The municipality's setup checklist (on its own host): each step done or not from real data.

The tenant admin lands here after signing in until the required steps are done
(``OnboardingConfig.ready`` registers the landing with ``accounts.adapters``). Each step links
to its screen; the checklist never links the Django admin.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from accounts.permissions import permission_action
from benchmarking.services import participation_set

from .forms import BenchmarkingForm, LanguageForm
from .models import SetupDecision
from .selectors import setup_checklist_get
from .services import municipality_language_set, setup_step_decide


def _checklist_page(
    request, *, benchmarking_form=None, language_form=None, error: str = "", status: int = 200
):
    checklist = setup_checklist_get()
    language = checklist.municipality.default_language
    context = {
        "checklist": checklist,
        "benchmarking_form": benchmarking_form or BenchmarkingForm(),
        "language_form": language_form or LanguageForm(initial={"default_language": language}),
        "decision_error": error,
    }
    return render(request, "onboarding/setup_checklist.html", context, status=status)


@permission_action("configuration.change")
def checklist(request):
    return _checklist_page(request)


@permission_action("configuration.change")
def decide(request):
    """Record or withdraw a decision step (``step``; ``decided`` 1 or 0)."""
    if request.method != "POST":
        return redirect("setup_checklist")
    step = request.POST.get("step", "")
    try:
        setup_step_decide(
            actor=request.user, step=step, decided=request.POST.get("decided", "1") == "1"
        )
    except ValidationError as error:
        message = " ".join(error.messages)
        return _checklist_page(request, error=message, status=400)
    if step in SetupDecision.Step.values:
        messages.success(request, gettext("The decision is saved."))
    return redirect("setup_checklist")


@permission_action("benchmarking.participation.change")
def benchmarking(request):
    """Take part in benchmarking or not (``benchmarking.services.participation_set``)."""
    if request.method != "POST":
        return redirect("setup_checklist")
    form = BenchmarkingForm(request.POST)
    if form.is_valid():
        try:
            participation_set(actor=request.user, participates=form.cleaned_data["participates"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, gettext("The benchmarking choice is saved."))
            return redirect("setup_checklist")
    return _checklist_page(request, benchmarking_form=form, status=400)


@permission_action("configuration.change")
def language(request):
    """The municipality's default language (``municipality_language_set``)."""
    if request.method != "POST":
        return redirect("setup_checklist")
    form = LanguageForm(request.POST)
    if form.is_valid():
        try:
            municipality_language_set(
                actor=request.user, default_language=form.cleaned_data["default_language"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, gettext("The default language is saved."))
            return redirect("setup_checklist")
    return _checklist_page(request, language_form=form, status=400)
