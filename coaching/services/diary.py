"""The trainee's learning diary: written by the trainee, answered by the coach when shared."""

from __future__ import annotations

from datetime import date as date_type

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import CoachingPeriod, DiaryEntry
from coaching.models.periods import OPEN_PHASES

from .common import refuse


def _texts_require(did: str, learned: str, felt: str) -> None:
    if not (did.strip() or learned.strip() or felt.strip()):
        raise refuse("did", gettext("Write what you did, what you learned or how it felt."))


def _period_open_require(period: CoachingPeriod) -> None:
    if period.phase not in OPEN_PHASES:
        raise refuse("period", gettext("The period is no longer open."))


@transaction.atomic
@permission_required_for("diary.write", obj="period")
def diary_entry_create(
    *,
    actor: User,
    period: CoachingPeriod,
    date: date_type,
    did: str = "",
    learned: str = "",
    felt: str = "",
    is_shared: bool = False,
) -> DiaryEntry:
    """Write the trainee's own diary entry for a day of their open period.

    Only the trainee whose account is linked to the period's trainee may write (the rule
    ``diary.write`` grants trainees their own records only); entries are private unless
    ``is_shared``.
    """
    period = CoachingPeriod.objects.select_related("trainee").get(pk=period.pk)
    _period_open_require(period)
    if date > timezone.localdate():
        raise refuse("date", gettext("A diary entry cannot be dated in the future."))
    if date < period.start_on:
        raise refuse("date", gettext("A diary entry cannot be dated before the period starts."))
    _texts_require(did, learned, felt)
    if DiaryEntry.objects.filter(period=period, date=date).exists():
        raise refuse("date", gettext("There is already a diary entry for this day."))
    entry = DiaryEntry(
        period=period,
        author=actor,
        date=date,
        did=did.strip(),
        learned=learned.strip(),
        felt=felt.strip(),
        is_shared=is_shared,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
@permission_required_for("diary.write", obj="entry")
def diary_entry_update(
    *,
    actor: User,
    entry: DiaryEntry,
    did: str | None = None,
    learned: str | None = None,
    felt: str | None = None,
    is_shared: bool | None = None,
) -> DiaryEntry:
    """Edit the author's own entry while the period is open.

    An entry the coach has answered stays shared, so the answer never loses its context.
    """
    entry = DiaryEntry.objects.select_for_update().select_related("period").get(pk=entry.pk)
    if entry.author_id != actor.pk:
        raise PermissionDenied(gettext("Only the author may edit a diary entry."))
    _period_open_require(entry.period)
    entry.did = entry.did if did is None else did.strip()
    entry.learned = entry.learned if learned is None else learned.strip()
    entry.felt = entry.felt if felt is None else felt.strip()
    _texts_require(entry.did, entry.learned, entry.felt)
    if is_shared is False and entry.coach_comment:
        raise refuse(
            "is_shared", gettext("An entry the coach has responded to cannot be made private.")
        )
    if is_shared is not None:
        entry.is_shared = is_shared
    entry.save(update_fields=["did", "learned", "felt", "is_shared", "updated_at"])
    return entry


@transaction.atomic
@permission_required_for("diary.comment", obj="entry")
def diary_entry_comment(*, actor: User, entry: DiaryEntry, comment: str) -> DiaryEntry:
    """Record the coach's response to an entry the trainee has shared."""
    entry = DiaryEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_shared:
        raise PermissionDenied(gettext("The trainee has not shared this diary entry."))
    if not comment.strip():
        raise refuse("comment", gettext("Write a response."))
    entry.coach_comment = comment.strip()
    entry.commented_by = actor
    entry.commented_at = timezone.now()
    entry.save(update_fields=["coach_comment", "commented_by", "commented_at", "updated_at"])
    return entry
