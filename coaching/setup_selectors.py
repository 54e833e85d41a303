"""Reads of the configuration screens: statuses with their frames, service forms, groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from coaching.models import LegalFrame, LocalFrame, ParticipationStatus, ServiceForm, TargetGroup
from coaching.period_selectors import statutory_frame_get


@dataclass(frozen=True)
class StatusSetupRow:
    """A status as the setup screen shows it: the statute in force and the municipality's own.

    ``upcoming`` are statutory frames that start later (a law already passed).
    """

    status: ParticipationStatus
    on: date
    statutory: LegalFrame | None
    upcoming: list[LegalFrame]
    local: LocalFrame | None


def status_setup_list() -> list[StatusSetupRow]:
    """Every status, active first, with its frame in force today and its own stricter limits."""
    today = timezone.localdate()
    locals_by_status = {row.status_id: row for row in LocalFrame.objects.all()}
    rows = []
    for status in ParticipationStatus.objects.order_by("-is_active", "name"):
        rows.append(
            StatusSetupRow(
                status=status,
                on=today,
                statutory=statutory_frame_get(status=status, on=today),
                upcoming=list(
                    LegalFrame.objects.filter(status=status, valid_from__gt=today).order_by(
                        "valid_from"
                    )
                ),
                local=locals_by_status.get(status.pk),
            )
        )
    return rows


def status_setup_get(*, pk: int) -> ParticipationStatus:
    return ParticipationStatus.objects.get(pk=pk)


def service_form_setup_list() -> QuerySet[ServiceForm]:
    """Service forms in use first, then the retired ones."""
    return ServiceForm.objects.order_by("-is_active", "name")


def target_group_setup_list() -> QuerySet[TargetGroup]:
    """Target groups in use first, then the retired ones."""
    return TargetGroup.objects.order_by("-is_active", "name")
