"""Capacity assessments: submitting and finalising a rater's answers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import can, permission_required_for
from coaching.models import CoachingPeriod, Phase
from coaching.services.common import STAFF_ROLES, refuse
from competence.capacity.models import (
    Answer,
    Assessment,
    InstrumentVersion,
    Occasion,
    RaterType,
)

from .common import (
    NOT_OBSERVED,
    PUBLISHED,
    AnswerValue,
)

# --- Assessments -----------------------------------------------------------------------------


def _assessor_require(actor: User, period: CoachingPeriod, rater_type: str) -> None:
    """Staff of the period's group may enter any assessment; a trainee only their own
    self-assessment, a unit supervisor only the supervisor assessment of a period they supervise.

    Whose period it is (``capacity.assess``) is asked again on the locked row, because the
    caller's copy may predate a handover to another coach.
    """
    if actor is None or not can(actor, "capacity.assess", period):
        raise PermissionDenied(gettext("You may not enter this assessment."))
    own_self_assessment = (
        actor.role == User.Role.TRAINEE
        and rater_type == RaterType.SELF
        and period.trainee.user_id == actor.pk
    )
    own_supervision = (
        actor.role == User.Role.UNIT_SUPERVISOR
        and rater_type == RaterType.SUPERVISOR
        and period.placement_supervisor_id == actor.pk
    )
    if actor.role in STAFF_ROLES or own_self_assessment or own_supervision:
        return
    raise PermissionDenied(gettext("You may not enter this assessment."))


def _period_open_require(period: CoachingPeriod) -> None:
    if period.phase == Phase.CLOSED:
        raise refuse(
            "period", gettext("The period is closed; its assessments can no longer change.")
        )


def _rater_resolve(
    *, actor: User, period: CoachingPeriod, rater_type: str, rater: User | None
) -> User | None:
    if rater_type == RaterType.SELF:
        trainee_user = period.trainee.user
        if rater is not None and rater != trainee_user:
            raise refuse("rater", gettext("A self-assessment is always the trainee's own."))
        return trainee_user
    if rater_type == RaterType.SUPERVISOR:
        if period.placement_supervisor_id is None:
            raise refuse(
                "rater_type",
                gettext("The period has no placement supervisor to give this assessment."),
            )
        rater = rater or period.placement_supervisor
        if rater is None or rater.pk != period.placement_supervisor_id:
            raise refuse(
                "rater", gettext("Only the period's placement supervisor gives this assessment.")
            )
        return rater
    rater = rater or actor
    if rater.role not in STAFF_ROLES:
        raise refuse("rater", gettext("A coach assessment is given by coaching staff."))
    return rater


def _answers_check(
    version: InstrumentVersion, answers: Mapping[str, AnswerValue]
) -> dict[int, int | None]:
    """Return ``{item id: value or None for not observed}`` or refuse on ``answers``."""
    if not answers:
        raise refuse("answers", gettext("Answer at least one item."))
    items = dict(version.items.values_list("code", "pk"))
    values = set(version.scale_points.values_list("value", flat=True))
    errors: list[str] = []
    checked: dict[int, int | None] = {}
    for code, value in answers.items():
        if code not in items:
            errors.append(
                gettext("%(item)s is not an item of this instrument version.") % {"item": code}
            )
        elif value == NOT_OBSERVED:
            if version.allows_not_observed:
                checked[items[code]] = None
            else:
                errors.append(
                    gettext("This instrument has no 'not observed' answer (item %(item)s).")
                    % {"item": code}
                )
        elif type(value) is int and value in values:
            checked[items[code]] = value
        else:
            errors.append(
                gettext("%(value)s is not a value on the scale (item %(item)s).")
                % {"value": value, "item": code}
            )
    if errors:
        raise ValidationError({"answers": errors})
    return checked


@transaction.atomic
@permission_required_for("capacity.assess", obj="period")
def capacity_assessment_submit(
    *,
    actor: User,
    period: CoachingPeriod,
    version: InstrumentVersion,
    occasion: str,
    rater_type: str,
    assessed_on: date,
    answers: Mapping[str, AnswerValue],
    rater: User | None = None,
    note: str = "",
    finalise: bool = False,
) -> Assessment:
    """Record one rater's assessment at one occasion; re-submitting replaces it until final.

    ``answers`` maps item codes to a scale value or ``"not_observed"``; an item left out is
    stored as missing (no answer row). The assessment is unique per (period, instrument,
    occasion, rater type, rater); submitting again updates that row and replaces its answers,
    so the same call twice gives the same result. A finalised assessment is refused.
    """
    if rater_type not in RaterType.values:
        raise refuse("rater_type", gettext("Choose a valid rater type."))
    # Locking the period serialises submissions for it, so two first submissions of the same
    # assessment cannot both insert.
    period = (
        CoachingPeriod.objects.select_for_update(of=("self",))
        .select_related("trainee")
        .get(pk=period.pk)
    )
    _assessor_require(actor, period, rater_type)
    _period_open_require(period)
    version = InstrumentVersion.objects.select_related("instrument").get(pk=version.pk)
    if version.status != PUBLISHED:
        raise refuse("version", gettext("Only a published instrument version can be used."))
    if not version.instrument.is_active:
        raise refuse("version", gettext("This instrument is not in use."))
    if occasion not in Occasion.values or occasion not in version.occasions:
        raise refuse("occasion", gettext("This instrument is not used at this occasion."))
    if rater_type not in version.rater_types:
        raise refuse("rater_type", gettext("This instrument is not meant for this rater."))
    rater = _rater_resolve(actor=actor, period=period, rater_type=rater_type, rater=rater)
    if assessed_on > timezone.localdate():
        raise refuse("assessed_on", gettext("The assessment date cannot be in the future."))
    if assessed_on < period.start_on:
        raise refuse("assessed_on", gettext("The assessment date is before the period started."))
    checked = _answers_check(version, answers)

    existing = Assessment.objects.select_for_update().filter(
        period=period, instrument=version.instrument, occasion=occasion, rater_type=rater_type
    )
    if rater_type != RaterType.SELF:
        existing = existing.filter(rater=rater)
    assessment = existing.first()
    if assessment is not None and assessment.is_final:
        raise refuse(
            "occasion",
            gettext("This assessment has been finalised and can no longer be changed."),
        )
    if assessment is None:
        assessment = Assessment(period=period, instrument=version.instrument, occasion=occasion)
    assessment.rater_type = rater_type
    assessment.rater = rater
    assessment.version = version
    assessment.assessed_on = assessed_on
    assessment.note = note.strip()
    assessment.entered_by = actor
    if finalise:
        assessment.finalised_at = timezone.now()
        assessment.finalised_by = actor
    assessment.save()
    assessment.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_id=item_id, value=value, not_observed=value is None)
        for item_id, value in checked.items()
    )
    return assessment


@transaction.atomic
@permission_required_for("capacity.assess", obj=lambda kw: kw["assessment"].period)
def capacity_assessment_finalise(*, actor: User, assessment: Assessment) -> Assessment:
    """Lock an assessment against further changes; finalising twice changes nothing."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("period__trainee")
        .get(pk=assessment.pk)
    )
    _assessor_require(actor, assessment.period, assessment.rater_type)
    _period_open_require(assessment.period)
    if not assessment.is_final:
        assessment.finalised_at = timezone.now()
        assessment.finalised_by = actor
        assessment.save(update_fields=["finalised_at", "finalised_by", "updated_at"])
    return assessment


def capacity_rater_types_for(
    viewer: User, period: CoachingPeriod, rater_types: list[str]
) -> list[str]:
    """The rater types of ``rater_types`` whose assessments ``viewer`` may enter for ``period``
    (what the screens offer; the submit asks the same rule again)."""
    allowed = []
    for rater_type in rater_types:
        try:
            _assessor_require(viewer, period, rater_type)
        except PermissionDenied:
            continue
        allowed.append(rater_type)
    return allowed
