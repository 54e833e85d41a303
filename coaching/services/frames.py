"""Participation statuses in use and the municipality's own frames inside the statutory ones.

The statutory frames (``LegalFrame``) are national data seeded at onboarding; a municipality
chooses which statuses it offers and may set stricter maxima (``LocalFrame``), never looser
ones: a limit beyond the statute is refused at its field.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import LegalFrame, LocalFrame, ParticipationStatus
from valmo.integrity import constraint_errors

from .common import refuse

LimitValue = int | Decimal | None


@transaction.atomic
@permission_required_for("configuration.change")
def participation_status_update(
    *, actor: User, status: ParticipationStatus, name: str, is_active: bool
) -> ParticipationStatus:
    """Rename a status or take it in or out of use; periods that have it keep it.

    A status without any statutory frame cannot be taken into use: no period could check it.
    """
    status = ParticipationStatus.objects.select_for_update().get(pk=status.pk)
    name = name.strip()
    if not name:
        raise refuse("name", gettext("Enter the name."))
    if is_active and not status.legal_frames.exists():
        raise refuse(
            "is_active", gettext("This status has no legal frame; it cannot be taken into use.")
        )
    status.name = name
    status.is_active = is_active
    status.full_clean()
    status.save(update_fields=["name", "is_active", "updated_at"])
    return status


def _frames_from_today(status: ParticipationStatus) -> list[LegalFrame]:
    """The statutory frames a local limit must fit: the one in force and any later ones."""
    today = timezone.localdate()
    return list(
        LegalFrame.objects.filter(status=status).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
    )


def _statutory_max(frames: list[LegalFrame], field: str) -> LimitValue:
    """The tightest statutory maximum of ``field`` over ``frames``, or None (no limit)."""
    values: list[int | Decimal] = []
    for frame in frames:
        candidates: list[int | Decimal | None]
        if field == "max_months_per_period":
            candidates = [
                frame.max_months_per_period,
                frame.max_months_same_organiser,
                frame.max_months_total,
            ]
        elif field == "max_hours_per_week":
            implied = frame.max_days_per_week * frame.max_hours_per_day
            candidates = [frame.max_hours_per_week, implied]
        else:
            candidates = [getattr(frame, field)]
        values.extend(value for value in candidates if value is not None)
    return min(values) if values else None


def _statutory_min(frames: list[LegalFrame], field: str) -> LimitValue:
    """The largest statutory minimum a local maximum of ``field`` may not go below."""
    source = {
        "max_days_per_week": "min_days_per_week",
        "max_hours_per_day": "min_hours_per_day",
        "max_months_per_period": "min_months_per_period",
    }.get(field)
    if source is None:
        return None
    values = [getattr(frame, source) for frame in frames if getattr(frame, source) is not None]
    return max(values) if values else None


def _shown(value: int | Decimal) -> str:
    """A limit as the refusal shows it: ``7,5`` in Finnish, no trailing zeros."""
    if isinstance(value, Decimal):
        value = value.normalize()
    return formats.number_format(value)


@transaction.atomic
@permission_required_for("configuration.change")
def local_frame_set(
    *,
    actor: User,
    status: ParticipationStatus,
    max_days_per_week: int | None = None,
    max_hours_per_day: Decimal | None = None,
    max_hours_per_week: Decimal | None = None,
    max_months_per_period: int | None = None,
) -> LocalFrame | None:
    """Set the municipality's own maxima of a status; all empty removes them.

    Each limit must lie within the statutory frame in force today and every later dated one
    (the law may already be known to tighten), and not below the statutory minimum; the
    refusal names the field. Returns the saved frame, or None when it was removed.
    """
    status = ParticipationStatus.objects.select_for_update().get(pk=status.pk)
    limits: dict[str, LimitValue] = {
        "max_days_per_week": max_days_per_week,
        "max_hours_per_day": max_hours_per_day,
        "max_hours_per_week": max_hours_per_week,
        "max_months_per_period": max_months_per_period,
    }
    if all(value is None for value in limits.values()):
        LocalFrame.objects.filter(status=status).delete()
        return None
    frames = _frames_from_today(status)
    if not frames:
        raise refuse(
            "status", gettext("This status has no statutory frame in force to stay within.")
        )
    for field, value in limits.items():
        if value is None:
            continue
        ceiling = _statutory_max(frames, field)
        if ceiling is not None and value > ceiling:
            raise refuse(
                field,
                gettext("At most %(max)s: the statutory frame does not allow more.")
                % {"max": _shown(ceiling)},
            )
        floor = _statutory_min(frames, field)
        if floor is not None and value < floor:
            raise refuse(
                field,
                gettext("At least %(min)s: the statutory frame requires that much.")
                % {"min": _shown(floor)},
            )
    local = LocalFrame.objects.filter(status=status).first() or LocalFrame(status=status)
    for field, value in limits.items():
        setattr(local, field, value)
    local.updated_by = actor
    local.full_clean(exclude=["status"])
    with constraint_errors():
        local.save()
    return local
