"""Reads for the equipment and locker screens: what is out, and one trainee's items and keys.

The viewer's reach comes in as querysets from the permission layer; each list is one query
whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from .models import CoachingPeriod, EquipmentIssue, EquipmentType, Locker, LockerAssignment, Trainee
from .models.periods import OPEN_PHASES


def _open_period():
    return CoachingPeriod.objects.filter(trainee=OuterRef("trainee"), phase__in=OPEN_PHASES)


def unreturned_equipment_list(*, visible: QuerySet[EquipmentIssue]) -> QuerySet[EquipmentIssue]:
    """Items still held, those whose holder has no open period (to settle) first, then oldest.

    ``period_open`` tells whether the holder is still being coached.
    """
    return (
        visible.filter(returned_on__isnull=True)
        .select_related("trainee", "equipment_type", "issued_by")
        .annotate(period_open=Exists(_open_period()))
        .order_by("period_open", "issued_on", "pk")
    )


def held_locker_list(*, visible: QuerySet[LockerAssignment]) -> QuerySet[LockerAssignment]:
    """Locker keys not returned, with ``period_open`` as above; ended periods first."""
    return (
        visible.filter(key_returned_on__isnull=True)
        .select_related("trainee", "locker__site", "issued_by")
        .annotate(period_open=Exists(_open_period()))
        .order_by("period_open", "key_issued_on", "pk")
    )


@dataclass
class TraineeEquipment:
    trainee: Trainee
    held: list[EquipmentIssue]
    returned: list[EquipmentIssue]
    lockers: list[LockerAssignment]  # the held one first, then the history

    @property
    def holds_locker(self) -> bool:
        return any(a.key_returned_on is None for a in self.lockers)

    def rows(self) -> list:
        return [*self.held, *self.returned, *self.lockers]


def trainee_equipment_get(*, trainee: Trainee) -> TraineeEquipment:
    """One trainee's issued items (held and returned) and locker keys."""
    issues = list(
        EquipmentIssue.objects.filter(trainee=trainee)
        .select_related("equipment_type", "issued_by", "received_by")
        .order_by("-issued_on", "-pk")
    )
    lockers = list(
        LockerAssignment.objects.filter(trainee=trainee)
        .select_related("locker__site", "issued_by", "received_by")
        .order_by("key_returned_on", "-key_issued_on", "-pk")
    )
    lockers.sort(key=lambda a: a.key_returned_on is not None)
    return TraineeEquipment(
        trainee=trainee,
        held=[issue for issue in issues if issue.returned_on is None],
        returned=[issue for issue in issues if issue.returned_on is not None],
        lockers=lockers,
    )


def equipment_type_active_list() -> QuerySet[EquipmentType]:
    return EquipmentType.objects.filter(is_active=True).order_by("name")


def free_locker_list() -> QuerySet[Locker]:
    """Lockers in use whose key nobody holds, by site and number."""
    held = LockerAssignment.objects.filter(locker=OuterRef("pk"), key_returned_on__isnull=True)
    return (
        Locker.objects.filter(is_active=True)
        .exclude(Exists(held))
        .select_related("site")
        .order_by("site__name", "number")
    )
