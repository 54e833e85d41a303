"""Reads for the period actions page: the legal frame a status would have, and its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet

from coaching.dates import months_between
from coaching.models import (
    CoachingPeriod,
    FollowUpContact,
    LegalFrame,
    LocalFrame,
    ParticipationStatus,
    PeriodStatus,
)


def legal_frame_get(*, status: ParticipationStatus, on: date) -> LegalFrame | None:
    """The status's frame valid on the date (the latest that started), or None.

    The statutory frame narrowed by the municipality's own stricter maxima, if it set any
    (``LocalFrame.narrow``; the copy is never saved). ``statutory_frame_get`` is the law alone.
    """
    frame = statutory_frame_get(status=status, on=on)
    if frame is None:
        return None
    local = LocalFrame.objects.filter(status=status).first()
    return local.narrow(frame) if local is not None else frame


def statutory_frame_get(*, status: ParticipationStatus, on: date) -> LegalFrame | None:
    """The statutory frame of the status valid on the date, without the municipality's own."""
    return (
        LegalFrame.objects.filter(status=status, valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-valid_from")
        .first()
    )


@dataclass(frozen=True)
class StatusFrame:
    """What a coach sees before adding a status: its frame and the months still available.

    ``used_months`` sums the trainee's earlier rows of the same status in this municipality,
    measured as ``period_status_add`` measures them; ``months_left`` is the tightest of the
    frame's month limits, never below zero, or None when the frame has no month limit.
    """

    status: ParticipationStatus
    on: date
    frame: LegalFrame | None
    used_months: Decimal
    months_left: Decimal | None
    new_months: Decimal | None


def status_frame_preview(
    *,
    period: CoachingPeriod,
    status: ParticipationStatus,
    on: date,
    until: date | None = None,
) -> StatusFrame:
    """The frame of ``status`` starting on ``on`` in ``period``, with the months it leaves."""
    frame = legal_frame_get(status=status, on=on)
    used = Decimal(0)
    rows = PeriodStatus.objects.filter(
        period__trainee_id=period.trainee_id, status=status
    ).select_related("period")
    for row in rows:
        end = row.valid_until or row.period.planned_end_on
        if row.period_id == period.pk and row.valid_until is None and row.valid_from < on:
            end = on - timedelta(days=1)  # the service closes it the day before
        if end >= row.valid_from:
            used += months_between(row.valid_from, end)
    new_months = (
        months_between(on, until or period.planned_end_on)
        if (until or period.planned_end_on) >= on
        else None
    )
    months_left: Decimal | None = None
    if frame is not None:
        limits = [
            Decimal(limit) - used
            for limit in (frame.max_months_same_organiser, frame.max_months_total)
            if limit is not None
        ]
        if frame.max_months_per_period is not None:
            limits.append(Decimal(frame.max_months_per_period))
        if limits:
            months_left = max(min(limits), Decimal(0))
    return StatusFrame(
        status=status,
        on=on,
        frame=frame,
        used_months=used,
        months_left=months_left,
        new_months=new_months,
    )


def period_status_history(*, period: CoachingPeriod) -> QuerySet[PeriodStatus]:
    """The period's participation statuses, oldest first (social-welfare data: audit reads)."""
    return period.statuses.select_related("status").order_by("valid_from", "pk")


def follow_up_contact_list(*, period: CoachingPeriod) -> QuerySet[FollowUpContact]:
    """The period's follow-up contacts, newest first."""
    return period.follow_up_contacts.order_by("-date", "-pk")
