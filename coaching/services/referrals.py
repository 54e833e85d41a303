"""Referrals from case managers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    CoachingPeriod,
    ParticipationStatus,
    PartnerContact,
    Referral,
    ReferralAttachment,
    ReferralRestriction,
    ServiceForm,
    TargetGroup,
    Trainee,
)

from .common import refuse


@transaction.atomic
@permission_required_for("referral.create", obj="trainee")
def referral_create(
    *,
    actor: User,
    trainee: Trainee,
    case_manager: PartnerContact,
    legal_basis: str,
    legal_basis_date: date,
    requested_status: ParticipationStatus,
    service_form: ServiceForm,
    days_per_week: int,
    hours_per_day: Decimal,
    planned_start_on: date,
    planned_end_on: date,
    target_group: TargetGroup | None = None,
    planned_review_on: date | None = None,
    goals: str = "",
    safety_restrictions: str = "",
) -> Referral:
    """Record a referral; safety restrictions go to their own need-to-know row."""
    if not case_manager.is_case_manager:
        raise refuse("case_manager", gettext("The contact is not a case manager."))
    if not requested_status.is_active:
        raise refuse("requested_status", gettext("This status is not in use in the municipality."))
    if not service_form.is_active:
        raise refuse("service_form", gettext("This service form is retired."))
    if target_group is not None and not target_group.is_active:
        raise refuse("target_group", gettext("This target group is retired."))
    if planned_end_on < planned_start_on:
        raise refuse("planned_end_on", gettext("The planned end is before the planned start."))
    if planned_review_on is not None and not (
        planned_start_on <= planned_review_on <= planned_end_on
    ):
        raise refuse(
            "planned_review_on", gettext("The planned review must fall within the planned dates.")
        )
    referral = Referral(
        trainee=trainee,
        case_manager=case_manager,
        legal_basis=legal_basis,
        legal_basis_date=legal_basis_date,
        requested_status=requested_status,
        service_form=service_form,
        target_group=target_group,
        days_per_week=days_per_week,
        hours_per_day=hours_per_day,
        planned_start_on=planned_start_on,
        planned_end_on=planned_end_on,
        planned_review_on=planned_review_on,
        goals=goals,
        created_by=actor,
    )
    referral.full_clean()
    referral.save()
    if safety_restrictions.strip():
        ReferralRestriction.objects.create(
            referral=referral, safety_restrictions=safety_restrictions.strip()
        )
    return referral


@transaction.atomic
@permission_required_for("referral.attachment.add", obj="referral")
def referral_attachment_add(
    *, actor: User, referral: Referral, file: File[Any], description: str = ""
) -> ReferralAttachment:
    """Attach a document (e.g. the employment plan) to a referral."""
    attachment = ReferralAttachment(
        referral=referral, file=file, description=description, uploaded_by=actor
    )
    attachment.save()
    return attachment


@transaction.atomic
@permission_required_for("period.create", obj="referral")
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    """Decline a referral with a reason; only a referral no period was opened from.

    Accepting and declining are the same intake decision, so both need ``period.create``.
    """
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not reason.strip():
        raise refuse("reason", gettext("Give a reason for declining."))
    if referral.declined_at is not None:
        raise refuse("referral", gettext("The referral is already declined."))
    if CoachingPeriod.objects.filter(referral=referral).exists():
        raise refuse("referral", gettext("A period is already open from this referral."))
    referral.declined_at = timezone.now()
    referral.declined_by = actor
    referral.decline_reason = reason.strip()
    referral.save(update_fields=["declined_at", "declined_by", "decline_reason", "updated_at"])
    return referral


@transaction.atomic
@permission_required_for("referral.create")
def referral_intake(
    *,
    actor: User,
    trainee: dict[str, Any],
    referral: dict[str, Any],
    attachments: Sequence[tuple[File[Any], str]] = (),
) -> Referral:
    """A case manager's system sends a new trainee, their referral and its documents at once.

    All or nothing: a refused field anywhere leaves no trainee, referral or file behind. The
    same services (and so the same rules and messages) as the intake screens do the writes.
    """
    from .trainees import trainee_create

    new_trainee = trainee_create(actor=actor, **trainee)
    created = referral_create(actor=actor, trainee=new_trainee, **referral)
    for file, description in attachments:
        referral_attachment_add(actor=actor, referral=created, file=file, description=description)
    return created
