"""The task catalogue's setup screens (tenant admin, ``catalogue.manage``).

Adopt the national default sectors, add the municipality's own tasks, adapt a task and its
levels, retire and restore it, and reword the difficulty levels. Each form posts to a
service; a refusal is a 400 with the message at its field and nothing saved. Configuration,
not trainee data: nothing is logged as read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.permissions import permission_action
from coaching.catalogue_selectors import (
    catalogue_sectors,
    difficulty_level_list,
    national_sectors,
    task_sector_list,
    work_task_list,
)
from coaching.models import EquipmentType, WorkTask, WorkUnit
from coaching.services import (
    catalogue_sectors_adopt,
    difficulty_level_update,
    work_task_create,
    work_task_restore,
    work_task_retire,
    work_task_update,
)

from .catalogue_forms import DifficultyLevelForm, SectorAdoptForm, WorkTaskForm


def _refusal_to_form(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _task_form(data=None, *, task: WorkTask | None = None) -> WorkTaskForm:
    units = WorkUnit.objects.filter(is_active=True)
    if task is not None and task.ordering_unit_id:
        units = WorkUnit.objects.filter(is_active=True) | WorkUnit.objects.filter(
            pk=task.ordering_unit_id
        )
    initial = None
    if task is not None:
        initial = {
            "sector": task.sector_id,
            "name": task.name,
            "description": task.description,
            "protective_equipment": task.protective_equipment,
            "required_equipment": list(task.required_equipment.values_list("pk", flat=True)),
            "needs_transport": task.needs_transport,
            "ordering_unit": task.ordering_unit_id,
            **{f"level_{item.level.level}": item.description for item in task.levels.all()},
        }
    return WorkTaskForm(
        data,
        initial=initial,
        sectors=task_sector_list(),
        units=units.order_by("name"),
        equipment=EquipmentType.objects.order_by("name"),
        levels=list(difficulty_level_list()),
    )


@permission_action("catalogue.manage")
def catalogue(request):
    """The catalogue by sector, retired tasks too, and the national sectors to adopt."""
    national = national_sectors()
    form = SectorAdoptForm(national=national)
    status = 200
    if request.method == "POST":
        form = SectorAdoptForm(request.POST, national=national)
        if form.is_valid():
            try:
                added = catalogue_sectors_adopt(
                    actor=request.user, sector_codes=form.cleaned_data["sectors"]
                )
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(
                    request,
                    gettext("%(count)s tasks added from the national defaults.")
                    % {"count": len(added)},
                )
                return redirect("catalogue_manage")
        status = 400
    context = {
        "form": form,
        "national": national,
        "sectors": catalogue_sectors(),
        "levels": difficulty_level_list(),
    }
    return render(request, "web/catalogue/index.html", context, status=status)


@permission_action("catalogue.manage")
def task_new(request):
    """Add the municipality's own task with every level described."""
    form = _task_form()
    status = 200
    if request.method == "POST":
        form = _task_form(request.POST)
        if form.is_valid():
            try:
                task = work_task_create(actor=request.user, **form.service_values())
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, gettext("The task is added."))
                return redirect("catalogue_task", pk=task.pk)
        status = 400
    return render(request, "web/catalogue/task.html", {"form": form, "task": None}, status=status)


@permission_action("catalogue.manage")
def task_edit(request, pk: int):
    """Adapt a task and its level descriptions; retire or restore it below the form."""
    task = get_object_or_404(work_task_list(), pk=pk)
    form = _task_form(task=task)
    status = 200
    if request.method == "POST":
        form = _task_form(request.POST, task=task)
        if form.is_valid():
            values = form.service_values()
            unit = values.pop("ordering_unit")
            try:
                work_task_update(
                    actor=request.user,
                    task=task,
                    ordering_unit=unit,
                    ordering_unit_clear=unit is None,
                    **values,
                )
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, gettext("The task is saved."))
                return redirect("catalogue_task", pk=task.pk)
        status = 400
    return render(request, "web/catalogue/task.html", {"form": form, "task": task}, status=status)


def _retire_or_restore(request, pk: int, *, retire: bool):
    task = get_object_or_404(work_task_list(), pk=pk)
    try:
        if retire:
            work_task_retire(actor=request.user, task=task)
        else:
            work_task_restore(actor=request.user, task=task)
    except ValidationError as error:
        return render(
            request,
            "web/catalogue/task.html",
            {"form": _task_form(task=task), "task": task, "state_errors": error.messages},
            status=400,
        )
    messages.success(
        request,
        gettext("The task is retired: it can no longer be assigned.")
        if retire
        else gettext("The task is back in use."),
    )
    return redirect("catalogue_task", pk=task.pk)


@require_POST
@permission_action("catalogue.manage")
def task_retire(request, pk: int):
    return _retire_or_restore(request, pk, retire=True)


@require_POST
@permission_action("catalogue.manage")
def task_restore(request, pk: int):
    return _retire_or_restore(request, pk, retire=False)


@permission_action("catalogue.manage")
def levels(request):
    """The difficulty scale: one form per level (name and what it means)."""
    rows = list(difficulty_level_list())
    forms = {
        row.pk: DifficultyLevelForm(
            prefix=f"level{row.pk}", initial={"name": row.name, "description": row.description}
        )
        for row in rows
    }
    status = 200
    if request.method == "POST":
        row = next((row for row in rows if str(row.pk) == request.POST.get("level")), None)
        if row is None:
            return _bad_level(request, rows, forms)
        form = DifficultyLevelForm(request.POST, prefix=f"level{row.pk}")
        forms[row.pk] = form
        if form.is_valid():
            try:
                difficulty_level_update(actor=request.user, level=row, **form.cleaned_data)
            except ValidationError as error:
                _refusal_to_form(form, error)
            else:
                messages.success(request, gettext("The level is saved."))
                return redirect("catalogue_levels")
        status = 400
    context = {"rows": [(row, forms[row.pk]) for row in rows]}
    return render(request, "web/catalogue/levels.html", context, status=status)


def _bad_level(request, rows, forms):
    context = {
        "rows": [(row, forms[row.pk]) for row in rows],
        "level_error": gettext("Choose a level of the scale."),
    }
    return render(request, "web/catalogue/levels.html", context, status=400)
