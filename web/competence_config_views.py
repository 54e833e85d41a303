"""Competence configuration: qualification frameworks, recognitions and the task mapping.

Thin: reads through ``competence.config_selectors``, writes through the competence services
(``learning_environment_recognise``, ``learning_environment_requirements_add``,
``work_task_requirements_set``), which hold the rules; a refusal shows at its field with a 400.
Nothing here is trainee data, so nothing is logged as a read. Importing a framework is the
platform operator's job (Django admin on the public host), not a municipality's.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from accounts.permissions import permission_action
from coaching.models import WorkTask
from competence.config_selectors import (
    framework_list,
    framework_page_get,
    mapping_task_list,
    place_get,
    recognised_requirement_ids,
    recognition_list,
    requirement_tree,
    task_mapping_get,
)
from competence.frameworks.models import Qualification, Requirement, Unit
from competence.models import LearningEnvironment
from competence.services import (
    learning_environment_recognise,
    learning_environment_requirements_add,
    work_task_requirements_set,
)

from .competence_config_forms import RecognitionForm, RequirementsAddForm, TaskMappingForm

ACTION = "competence.environment.manage"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _qualification_from(request) -> Qualification | None:
    pk = _int(request.GET.get("tutkinto") or request.POST.get("tutkinto"))
    if pk is None:
        return None
    qualification = Qualification.objects.select_related("current_version").filter(pk=pk).first()
    if qualification is None or qualification.current_version is None:
        raise Http404(gettext("No such qualification."))
    return qualification


# --- Frameworks ------------------------------------------------------------------------------


@permission_action(ACTION)
def framework_index(request):
    """The imported qualifications (ePerusteet), read-only."""
    return render(
        request, "web/competence_config/frameworks.html", {"qualifications": framework_list()}
    )


@permission_action(ACTION)
def framework_detail(request, pk: int):
    """One qualification's units, groups and requirements in a chosen version, with changes."""
    qualification = get_object_or_404(Qualification, pk=pk)
    raw = request.GET.get("versio")
    if raw and not raw.isdigit():
        return render(
            request,
            "web/competence_config/framework.html",
            {"qualification": qualification, "error": gettext("Choose a version from the list.")},
            status=400,
        )
    page = framework_page_get(qualification=qualification, sequence=_int(raw))
    if page is None:
        raise Http404(gettext("No such version."))
    return render(
        request,
        "web/competence_config/framework.html",
        {"qualification": qualification, "page": page},
    )


# --- Recognitions ----------------------------------------------------------------------------


@permission_action(ACTION)
def recognition_index(request):
    """Recognised learning environments, newest first."""
    return render(
        request,
        "web/competence_config/recognitions.html",
        {"environments": recognition_list(), "qualifications": framework_list()},
    )


@permission_action(ACTION)
def recognition_new(request):
    """Recognise a site or work unit: place, recogniser, date, report, requirements."""
    qualification = _qualification_from(request)
    if qualification is None:
        return render(
            request,
            "web/competence_config/recognition_new.html",
            {"qualifications": framework_list()},
        )
    tree = requirement_tree(version=qualification.current_version)
    form = RecognitionForm(data=request.POST if request.method == "POST" else None)
    form.set_tree(tree)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            site, work_unit = place_get(data["site"])
            try:
                environment = learning_environment_recognise(
                    actor=request.user,
                    qualification=qualification,
                    site=site,
                    work_unit=work_unit,
                    recogniser_name=data["recogniser_name"],
                    recogniser_title=data["recogniser_title"],
                    recogniser_organisation=data["recogniser_organisation"],
                    recognised_on=data["recognised_on"],
                    report_url=data["report_url"].strip(),
                    description=data["description"],
                    units=list(Unit.objects.filter(pk__in=form.ids("units"))),
                    requirements=list(Requirement.objects.filter(pk__in=form.ids("requirements"))),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, gettext("The learning environment is recognised."))
                return redirect("competence_recognition_detail", pk=environment.pk)
    return render(
        request,
        "web/competence_config/recognition_new.html",
        {
            "qualification": qualification,
            "tree": tree,
            "form": form,
            "chosen_units": form.chosen("units"),
            "chosen": form.chosen("requirements"),
        },
        status=status,
    )


@permission_action(ACTION)
def recognition_detail(request, pk: int):
    """A recognition's requirements by unit, and adding more (nothing is ever removed)."""
    environment = get_object_or_404(
        LearningEnvironment.objects.select_related(
            "site", "work_unit__site", "qualification_version__qualification", "recorded_by"
        ),
        pk=pk,
    )
    tree = requirement_tree(version=environment.qualification_version)
    recognised = recognised_requirement_ids(environment=environment)
    form = RequirementsAddForm(data=request.POST if request.method == "POST" else None)
    form.set_tree(tree)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                added = learning_environment_requirements_add(
                    actor=request.user,
                    environment=environment,
                    units=list(Unit.objects.filter(pk__in=form.ids("units"))),
                    requirements=list(Requirement.objects.filter(pk__in=form.ids("requirements"))),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request, gettext("Requirements added: %(count)s.") % {"count": added}
                )
                return redirect("competence_recognition_detail", pk=pk)
    return render(
        request,
        "web/competence_config/recognition.html",
        {
            "environment": environment,
            "tree": tree,
            "recognised": recognised,
            "form": form,
            "chosen": form.chosen("requirements"),
            "chosen_units": form.chosen("units"),
        },
        status=status,
    )


# --- Task mapping ----------------------------------------------------------------------------


@permission_action(ACTION)
def mapping_index(request):
    """The catalogue's tasks with how many requirements each is mapped to."""
    return render(request, "web/competence_config/mappings.html", {"tasks": mapping_task_list()})


@permission_action(ACTION)
def mapping_edit(request, pk: int):
    """Choose the requirements of one qualification that a task gives a chance to show."""
    task = get_object_or_404(WorkTask.objects.select_related("sector", "ordering_unit"), pk=pk)
    mapping = task_mapping_get(task=task)
    qualification = _qualification_from(request)
    context = {"task": task, "mapping": mapping, "qualifications": framework_list()}
    if qualification is None:
        return render(request, "web/competence_config/mapping.html", context)
    version = qualification.current_version
    assert version is not None  # _qualification_from refuses a qualification without one
    tree = requirement_tree(version=version, current_only=True)
    mine = {link.requirement_id for link in mapping.by_qualification.get(qualification.pk, [])}
    form = TaskMappingForm(
        data=request.POST if request.method == "POST" else None,
        initial={"requirements": sorted(mine)},
    )
    # Mapped rows of this qualification that a newer import superseded stay choosable.
    old = [link.requirement for link in mapping.by_qualification.get(qualification.pk, [])]
    superseded = [row for row in old if row.superseded_in_id is not None]
    form.set_tree(tree, extra=superseded)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            others = mapping.ids() - mine
            wanted = others | set(form.ids("requirements"))
            try:
                work_task_requirements_set(
                    actor=request.user,
                    task=task,
                    requirements=list(Requirement.objects.filter(pk__in=wanted)),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, gettext("The task's requirements are saved."))
                return redirect(f"{request.path}?tutkinto={qualification.pk}")
    context.update(
        {
            "qualification": qualification,
            "tree": tree,
            "form": form,
            "chosen": form.chosen("requirements"),
            "superseded": superseded,
        }
    )
    return render(request, "web/competence_config/mapping.html", context, status=status)
