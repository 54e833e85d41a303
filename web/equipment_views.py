"""Protective equipment and lockers: what is still out, and one trainee's items and keys.

Thin: reads through ``coaching.equipment_selectors``, writes through the equipment services,
a refusal at its field with a 400. Every trainee's row shown is logged as read.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.permissions import (
    can,
    permission_action,
    rule_for,
    scope_queryset,
    trainees_visible_to,
)
from coaching.equipment_selectors import (
    held_locker_list,
    trainee_equipment_get,
    unreturned_equipment_list,
)
from coaching.models import EquipmentIssue, LockerAssignment
from coaching.services import equipment_issue, equipment_return, locker_assign, locker_key_return
from privacy import audit

from .equipment_forms import EquipmentIssueForm, LockerAssignForm, ReturnForm
from .submit import form_write

LIST = "equipment.list"
MANAGE = "equipment.manage"
FROM_LIST = "list"  # a return posted from the list goes back there


def _audit(rows: list) -> None:
    """Log the rows shown as read, one bulk insert per model (their ids may overlap)."""
    rule = rule_for(LIST)
    for model in {type(row) for row in rows}:
        shown = [row for row in rows if type(row) is model]
        audit.record_rows(
            "read",
            shown,
            section=rule.section,
            purpose=rule.purpose,
            trainee_ids={row.pk: getattr(row, "trainee_id", row.pk) for row in shown},
        )


def _list_page(request, *, failed: dict | None = None, status: int = 200):
    user = request.user
    items = list(
        unreturned_equipment_list(visible=scope_queryset(user, LIST, EquipmentIssue.objects.all()))
    )
    lockers = list(
        held_locker_list(visible=scope_queryset(user, LIST, LockerAssignment.objects.all()))
    )
    _audit([*items, *lockers])
    context = {
        "items": items,
        "lockers": lockers,
        "can_manage": can(user, MANAGE),
        "failed": failed or {},
        "today": timezone.localdate(),
    }
    return render(request, "web/equipment/list.html", context, status=status)


@permission_action(LIST)
def equipment_list(request):
    """Items and locker keys not returned; those of trainees whose period ended come first."""
    return _list_page(request)


def _trainee_page(request, trainee, *, status: int = 200, failed: dict | None = None, **forms):
    user = request.user
    data = trainee_equipment_get(trainee=trainee)
    _audit([trainee, *data.rows()])
    can_manage = can(user, MANAGE, trainee)
    if can_manage:
        forms.setdefault("issue", EquipmentIssueForm())
        forms.setdefault("locker", LockerAssignForm())
    context = {
        "trainee": trainee,
        "data": data,
        "forms": forms,
        "can_manage": can_manage,
        "failed": failed or {},
        "today": timezone.localdate(),
    }
    return render(request, "web/equipment/trainee.html", context, status=status)


@permission_action(LIST)
def trainee_equipment(request, pk: int):
    """One trainee's held and returned items and locker keys, with the forms to settle them."""
    trainee = get_object_or_404(trainees_visible_to(request.user, LIST), pk=pk)
    return _trainee_page(request, trainee)


def _to_trainee(pk: int):
    return redirect(reverse("trainee_equipment", kwargs={"pk": pk}))


@permission_action(MANAGE)
def equipment_issue_view(request, pk: int):
    """Issue an item to the trainee."""
    trainee = get_object_or_404(trainees_visible_to(request.user, MANAGE), pk=pk)
    if request.method != "POST":
        return _to_trainee(pk)
    form = EquipmentIssueForm(data=request.POST)
    if form_write(form, lambda data: equipment_issue(actor=request.user, trainee=trainee, **data)):
        messages.success(request, gettext("The item is issued."))
        return _to_trainee(pk)
    return _trainee_page(request, trainee, status=400, issue=form)


@permission_action(MANAGE)
def locker_assign_view(request, pk: int):
    """Give a free locker's key to the trainee."""
    trainee = get_object_or_404(trainees_visible_to(request.user, MANAGE), pk=pk)
    if request.method != "POST":
        return _to_trainee(pk)
    form = LockerAssignForm(data=request.POST)
    if form_write(form, lambda data: locker_assign(actor=request.user, trainee=trainee, **data)):
        messages.success(request, gettext("The locker key is given."))
        return _to_trainee(pk)
    return _trainee_page(request, trainee, status=400, locker=form)


def _returned(request, form: ReturnForm, row, kind: str, save) -> object:
    """Save a return from the list or the trainee's page; on refusal show it at that row."""
    from_list = request.POST.get("from") == FROM_LIST
    if form_write(form, lambda data: save(data["returned_on"])):
        if from_list:
            return redirect("equipment_list")
        return _to_trainee(row.trainee_id)
    failed = {
        "kind": kind,
        "pk": row.pk,
        "value": request.POST.get("returned_on", ""),
        "errors": [message for messages in form.errors.values() for message in messages],
    }
    if from_list:
        return _list_page(request, failed=failed, status=400)
    return _trainee_page(request, row.trainee, failed=failed, status=400)


@permission_action(MANAGE)
def equipment_return_view(request, pk: int):
    """Record that an issued item came back."""
    visible = scope_queryset(request.user, MANAGE, EquipmentIssue.objects.all())
    issue = get_object_or_404(visible.select_related("trainee"), pk=pk)
    if request.method != "POST":
        return _to_trainee(issue.trainee_id)

    def save(day):
        equipment_return(actor=request.user, issue=issue, returned_on=day)
        messages.success(request, gettext("The item is returned."))

    return _returned(request, ReturnForm(data=request.POST), issue, "issue", save)


@permission_action(MANAGE)
def locker_key_return_view(request, pk: int):
    """Record that a locker key came back, which frees the locker."""
    visible = scope_queryset(request.user, MANAGE, LockerAssignment.objects.all())
    assignment = get_object_or_404(visible.select_related("trainee"), pk=pk)
    if request.method != "POST":
        return _to_trainee(assignment.trainee_id)

    def save(day):
        locker_key_return(actor=request.user, assignment=assignment, key_returned_on=day)
        messages.success(request, gettext("The locker key is returned."))

    return _returned(request, ReturnForm(data=request.POST), assignment, "locker", save)
