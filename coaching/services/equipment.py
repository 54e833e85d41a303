"""Protective equipment and lockers issued to trainees, and their return."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    CoachingPeriod,
    EquipmentIssue,
    EquipmentType,
    Locker,
    LockerAssignment,
    Trainee,
)
from coaching.models.periods import OPEN_PHASES
from valmo.integrity import constraint_errors

from .common import refuse


def _open_period_require(trainee: Trainee) -> None:
    if not CoachingPeriod.objects.filter(trainee=trainee, phase__in=OPEN_PHASES).exists():
        raise refuse("trainee", gettext("The trainee has no open coaching period."))


def _not_future(field: str, day: date) -> None:
    if day > timezone.localdate():
        raise refuse(field, gettext("The date cannot be in the future."))


@transaction.atomic
@permission_required_for("equipment.manage", obj="trainee")
def equipment_issue(
    *,
    actor: User,
    trainee: Trainee,
    equipment_type: EquipmentType,
    issued_on: date | None = None,
    size: str = "",
    note: str = "",
) -> EquipmentIssue:
    """Issue an item to a trainee with an open period; it is held until returned."""
    issued_on = issued_on or timezone.localdate()
    if not equipment_type.is_active:
        raise refuse("equipment_type", gettext("This equipment type is no longer in use."))
    _open_period_require(trainee)
    _not_future("issued_on", issued_on)
    issue = EquipmentIssue(
        trainee=trainee,
        equipment_type=equipment_type,
        size=size.strip(),
        issued_on=issued_on,
        issued_by=actor,
        note=note.strip(),
    )
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
@permission_required_for("equipment.manage", obj="issue")
def equipment_return(
    *, actor: User, issue: EquipmentIssue, returned_on: date | None = None
) -> EquipmentIssue:
    """Record the return of an issued item and who received it."""
    issue = EquipmentIssue.objects.select_for_update().get(pk=issue.pk)
    returned_on = returned_on or timezone.localdate()
    if issue.returned_on is not None:
        raise refuse("returned_on", gettext("The item has already been returned."))
    _not_future("returned_on", returned_on)
    if returned_on < issue.issued_on:
        raise refuse("returned_on", gettext("An item cannot be returned before it was issued."))
    issue.returned_on = returned_on
    issue.received_by = actor
    issue.save(update_fields=["returned_on", "received_by", "updated_at"])
    return issue


@transaction.atomic
@permission_required_for("equipment.manage", obj="trainee")
def locker_assign(
    *, actor: User, locker: Locker, trainee: Trainee, key_issued_on: date | None = None
) -> LockerAssignment:
    """Give a free locker's key to a trainee with an open period.

    A locker has one holder at a time (also a database constraint) and a trainee holds at
    most one locker.
    """
    # Lock the locker row so two concurrent assignments of it cannot both pass the check.
    locker = Locker.objects.select_for_update().get(pk=locker.pk)
    key_issued_on = key_issued_on or timezone.localdate()
    if not locker.is_active:
        raise refuse("locker", gettext("The locker is not in use."))
    history = LockerAssignment.objects.filter(locker=locker)
    if history.filter(key_returned_on__isnull=True).exists():
        raise refuse("locker", gettext("The locker is already held by another trainee."))
    if LockerAssignment.objects.filter(trainee=trainee, key_returned_on__isnull=True).exists():
        raise refuse("trainee", gettext("The trainee already holds a locker."))
    _open_period_require(trainee)
    _not_future("key_issued_on", key_issued_on)
    last_return = history.aggregate(last=Max("key_returned_on"))["last"]
    if last_return is not None and key_issued_on < last_return:
        raise refuse(
            "key_issued_on",
            gettext("The key cannot be issued before the previous holder returned it."),
        )
    with constraint_errors():
        return LockerAssignment.objects.create(
            locker=locker, trainee=trainee, key_issued_on=key_issued_on, issued_by=actor
        )


@transaction.atomic
@permission_required_for("equipment.manage", obj="assignment")
def locker_key_return(
    *, actor: User, assignment: LockerAssignment, key_returned_on: date | None = None
) -> LockerAssignment:
    """Record the key's return, which frees the locker."""
    assignment = LockerAssignment.objects.select_for_update().get(pk=assignment.pk)
    key_returned_on = key_returned_on or timezone.localdate()
    if assignment.key_returned_on is not None:
        raise refuse("key_returned_on", gettext("The key has already been returned."))
    _not_future("key_returned_on", key_returned_on)
    if key_returned_on < assignment.key_issued_on:
        raise refuse("key_returned_on", gettext("The key cannot be returned before it was issued."))
    assignment.key_returned_on = key_returned_on
    assignment.received_by = actor
    assignment.save(update_fields=["key_returned_on", "received_by", "updated_at"])
    return assignment
