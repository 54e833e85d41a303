"""Coaching periods: the phase state machine, placements, participation statuses, follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    CoachingPeriod,
    FollowUpContact,
    GroupLimitOverride,
    LegalFrame,
    Outcome,
    ParticipationStatus,
    PeriodStatus,
    PeriodTransition,
    Phase,
    Referral,
    Trainee,
    WorkUnit,
)
from coaching.models.periods import ACTIVE_PHASES, GROUP_PHASES, OPEN_PHASES
from coaching.period_selectors import legal_frame_get
from coaching.selectors import coaching_settings_get
from valmo.events import event_publish
from valmo.integrity import constraint_errors

from .common import months_between, refuse, role_require
from .partners import coach_group_size_check

# The only allowed phase changes. From ``interrupted`` the period may return only to the phase
# it was interrupted in (checked separately) or be ended for good.
PERIOD_TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.REFERRED: frozenset({Phase.INTAKE_ASSESSMENT}),
    Phase.INTAKE_ASSESSMENT: frozenset({Phase.PRE_COACHING, Phase.INTERRUPTED}),
    Phase.PRE_COACHING: frozenset({Phase.COACHING, Phase.INTERRUPTED}),
    Phase.COACHING: frozenset({Phase.CONTINUED_COACHING, Phase.ENDED, Phase.INTERRUPTED}),
    Phase.CONTINUED_COACHING: frozenset({Phase.ENDED, Phase.INTERRUPTED}),
    Phase.ENDED: frozenset({Phase.FOLLOW_UP, Phase.COACHING}),
    Phase.FOLLOW_UP: frozenset({Phase.CLOSED}),
    Phase.CLOSED: frozenset(),
    Phase.INTERRUPTED: frozenset(ACTIVE_PHASES | {Phase.ENDED}),
}


@dataclass
class PeriodResult:
    period: CoachingPeriod
    warnings: list[str] = field(default_factory=list)


def _reason_needed(from_phase: str, to_phase: str) -> bool:
    return (
        to_phase == Phase.INTERRUPTED
        or from_phase == Phase.INTERRUPTED
        or (from_phase == Phase.ENDED and to_phase == Phase.COACHING)
    )


@transaction.atomic
@permission_required_for("period.create")
def coaching_period_create(
    *,
    actor: User,
    trainee: Trainee,
    coach: User,
    start_on: date,
    planned_end_on: date,
    referral: Referral | None = None,
    career_agent: User | None = None,
    override_reason: str = "",
    at: datetime | None = None,
) -> PeriodResult:
    """Open a period in phase ``referred`` for a trainee without another open period.

    Return the period and group-size warnings; above the coach's hard limit only a tenant admin
    with ``override_reason`` may proceed, and that override is recorded.
    """
    role_require(coach, User.Role.WORK_COACH, "coach")
    role_require(career_agent, User.Role.CAREER_AGENT, "career_agent")
    if referral is not None and referral.trainee_id != trainee.pk:
        raise refuse("referral", gettext("The referral is for another trainee."))
    if planned_end_on < start_on:
        raise refuse("planned_end_on", gettext("The planned end is before the start."))
    if CoachingPeriod.objects.filter(trainee=trainee, phase__in=OPEN_PHASES).exists():
        raise refuse("trainee", gettext("The trainee already has an open coaching period."))
    group = coach_group_size_check(coach=coach, actor=actor, override_reason=override_reason)
    period = CoachingPeriod(
        trainee=trainee,
        referral=referral,
        coach=coach,
        career_agent=career_agent,
        start_on=start_on,
        planned_end_on=planned_end_on,
        phase=Phase.REFERRED,
    )
    period.full_clean()
    with constraint_errors():
        period.save()
    PeriodTransition.objects.create(
        period=period,
        from_phase="",
        to_phase=Phase.REFERRED,
        actor=actor,
        at=at or timezone.now(),
        reason=gettext("Period created"),
    )
    if group.override_needed:
        GroupLimitOverride.objects.create(
            period=period,
            coach=coach,
            actor=actor,
            group_size=group.group_size,
            reason=override_reason.strip(),
        )
    if referral is not None:
        # Opening a period from the referral is its acceptance (webhooks: valmo.events).
        event_publish(
            "referral.accepted",
            object_type="coaching.referral",
            object_id=referral.pk,
            extra={"period_id": period.pk},
        )
    return PeriodResult(period=period, warnings=group.warnings)


@transaction.atomic
@permission_required_for("period.assign_coach", obj="period")
def coaching_period_coach_assign(
    *, actor: User, period: CoachingPeriod, coach: User, override_reason: str = ""
) -> PeriodResult:
    """Move the period to another coach's group, under the same group-size rule as creation."""
    role_require(coach, User.Role.WORK_COACH, "coach")
    period = CoachingPeriod.objects.select_for_update().get(pk=period.pk)
    warnings: list[str] = []
    if period.phase in GROUP_PHASES and coach.pk != period.coach_id:
        group = coach_group_size_check(coach=coach, actor=actor, override_reason=override_reason)
        warnings = group.warnings
        if group.override_needed:
            GroupLimitOverride.objects.create(
                period=period,
                coach=coach,
                actor=actor,
                group_size=group.group_size,
                reason=override_reason.strip(),
            )
    period.coach = coach
    period.save(update_fields=["coach", "updated_at"])
    return PeriodResult(period=period, warnings=warnings)


@transaction.atomic
@permission_required_for("period.placement", obj="period")
def coaching_period_placement_set(
    *,
    actor: User,
    period: CoachingPeriod,
    work_unit: WorkUnit,
    supervisor: User | None = None,
) -> CoachingPeriod:
    """Place the trainee in a work unit for continued coaching, with the unit's supervisor."""
    supervisor = supervisor or work_unit.supervisor
    if supervisor is None:
        raise refuse("supervisor", gettext("The work unit has no supervisor; choose one."))
    role_require(supervisor, User.Role.UNIT_SUPERVISOR, "supervisor")
    if not work_unit.is_active:
        raise refuse("work_unit", gettext("The work unit is not active."))
    period = CoachingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.phase not in OPEN_PHASES:
        raise refuse("period", gettext("The period is no longer open."))
    period.placement_unit = work_unit
    period.placement_supervisor = supervisor
    period.save(update_fields=["placement_unit", "placement_supervisor", "updated_at"])
    return period


@transaction.atomic
@permission_required_for("period.transition", obj="period")
def coaching_period_transition(
    *,
    period: CoachingPeriod,
    to_phase: str,
    actor: User,
    reason: str,
    at: datetime | None = None,
) -> PeriodResult:
    """Move the period to ``to_phase`` if ``PERIOD_TRANSITIONS`` allows it, and record it.

    Interruptions and reopenings need a reason; continued coaching needs a placement; ending
    needs an outcome (see ``coaching_period_end``) and sets the follow-up due date. Returning
    to the coach's group passes the group-size rule, a tenant admin's reason serving as override.
    """
    at = at or timezone.now()
    period = CoachingPeriod.objects.select_for_update().get(pk=period.pk)
    from_phase = period.phase
    allowed = PERIOD_TRANSITIONS.get(from_phase, frozenset())
    if to_phase not in allowed or (
        from_phase == Phase.INTERRUPTED
        and to_phase != Phase.ENDED
        and to_phase != period.phase_before_interruption
    ):
        raise refuse(
            "to_phase",
            gettext("A period cannot move from %(from)s to %(to)s.")
            % {"from": Phase(from_phase).label, "to": _phase_label(to_phase)},
        )
    if _reason_needed(from_phase, to_phase) and not reason.strip():
        raise refuse("reason", gettext("Give a reason for this change."))
    last = period.transitions.order_by("-at", "-pk").values_list("at", flat=True).first()
    if last is not None and at < last:
        raise refuse("at", gettext("The change cannot be dated before the previous one."))
    if to_phase == Phase.CONTINUED_COACHING and (
        period.placement_unit_id is None or period.placement_supervisor_id is None
    ):
        raise refuse(
            "placement_unit",
            gettext("Continued coaching needs a placement work unit and its supervisor."),
        )
    warnings: list[str] = []
    update = ["phase", "phase_before_interruption", "updated_at"]
    if to_phase in GROUP_PHASES and from_phase not in GROUP_PHASES:
        group = coach_group_size_check(
            coach=period.coach, actor=actor, override_reason=reason, exclude_period_id=period.pk
        )
        warnings = group.warnings
        if group.override_needed:
            GroupLimitOverride.objects.create(
                period=period,
                coach=period.coach,
                actor=actor,
                group_size=group.group_size,
                reason=reason.strip(),
            )
    if to_phase == Phase.ENDED:
        if not period.outcome:
            raise refuse("outcome", gettext("Record the outcome before ending the period."))
        period.ended_on = timezone.localdate(at)
        period.follow_up_due_on = period.ended_on + relativedelta(
            months=coaching_settings_get().follow_up_months
        )
        update += ["ended_on", "follow_up_due_on"]
    if from_phase == Phase.ENDED and to_phase == Phase.COACHING:
        if (
            CoachingPeriod.objects.filter(trainee_id=period.trainee_id, phase__in=OPEN_PHASES)
            .exclude(pk=period.pk)
            .exists()
        ):
            raise refuse("trainee", gettext("The trainee already has an open coaching period."))
        period.ended_on = period.follow_up_due_on = None
        period.outcome = ""
        update += ["ended_on", "follow_up_due_on", "outcome"]
    period.phase_before_interruption = from_phase if to_phase == Phase.INTERRUPTED else ""
    period.phase = to_phase
    with constraint_errors():
        period.save(update_fields=update)
    PeriodTransition.objects.create(
        period=period,
        from_phase=from_phase,
        to_phase=to_phase,
        actor=actor,
        at=at,
        reason=reason.strip(),
    )
    event_publish(
        "period.phase_changed",
        object_type="coaching.coachingperiod",
        object_id=period.pk,
        extra={"from_phase": from_phase, "to_phase": to_phase},
    )
    return PeriodResult(period=period, warnings=warnings)


def _phase_label(value: str) -> str:
    return str(Phase(value).label) if value in Phase.values else value


@transaction.atomic
@permission_required_for("period.transition", obj="period")
def coaching_period_end(
    *,
    actor: User,
    period: CoachingPeriod,
    outcome: str,
    reason: str = "",
    at: datetime | None = None,
) -> PeriodResult:
    """End the period with its outcome; the follow-up due date follows from the settings."""
    if outcome not in Outcome.values:
        raise refuse("outcome", gettext("Choose a valid outcome."))
    CoachingPeriod.objects.filter(pk=period.pk).update(outcome=outcome)
    return coaching_period_transition(
        period=period, to_phase=Phase.ENDED, actor=actor, reason=reason, at=at
    )


@transaction.atomic
@permission_required_for("period.follow_up", obj="period")
def follow_up_contact_record(
    *,
    actor: User,
    period: CoachingPeriod,
    date: date,
    kind: str,
    note: str = "",
    outcome: str = "",
) -> FollowUpContact:
    """Record a follow-up contact after the period has ended, with the situation found."""
    if period.phase not in (Phase.ENDED, Phase.FOLLOW_UP):
        raise refuse("period", gettext("Follow-up contacts belong to ended periods."))
    if period.ended_on is not None and date < period.ended_on:
        raise refuse("date", gettext("A follow-up contact cannot be before the period ended."))
    contact = FollowUpContact(
        period=period, date=date, kind=kind, note=note, outcome=outcome, actor=actor
    )
    contact.full_clean()
    contact.save()
    return contact


def period_in_phases_on(period: CoachingPeriod, day: date, phases: frozenset[str]) -> bool:
    """Tell whether the period was in one of ``phases`` at any time on ``day``.

    Derived from the transition history (prefetch ``transitions`` in time order to avoid a
    query per period); the day of entering or leaving counts, and the current phase lasts
    into the future. Days before the period's start never count.
    """
    if day < period.start_on:
        return False
    history = list(period.transitions.all())
    for index, transition in enumerate(history):
        if transition.to_phase not in phases:
            continue
        begins = timezone.localdate(transition.at)
        following = history[index + 1] if index + 1 < len(history) else None
        ends = timezone.localdate(following.at) if following else date.max
        if begins <= day <= ends:
            return True
    return False


def legal_frame_for(*, status: ParticipationStatus, on: date) -> LegalFrame | None:
    """Return the status's legal frame valid on the given date (the latest that started)."""
    return legal_frame_get(status=status, on=on)


def _months_of(row: PeriodStatus, fallback_end: date) -> Decimal:
    return months_between(row.valid_from, row.valid_until or fallback_end)


@transaction.atomic
@permission_required_for("period.status", obj="period")
def period_status_add(
    *,
    actor: User,
    period: CoachingPeriod,
    status: ParticipationStatus,
    valid_from: date,
    days_per_week: int,
    hours_per_day: Decimal,
    valid_until: date | None = None,
    subsidy_type: str = "",
) -> PeriodStatus:
    """Start a participation status in the period, checked against its legal frame.

    The frame is the one valid on ``valid_from``. An open-ended earlier status of the period
    is closed the day before. Month limits sum this trainee's periods with the same status in
    this municipality, which is the organiser; other municipalities' periods are not visible.
    """
    period = CoachingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.phase not in OPEN_PHASES:
        raise refuse("period", gettext("The period is no longer open."))
    if valid_from < period.start_on:
        raise refuse("valid_from", gettext("The status cannot start before the period."))
    if valid_until is not None and valid_until < valid_from:
        raise refuse("valid_until", gettext("The status cannot end before it starts."))
    if status.has_subsidy_type and not subsidy_type.strip():
        raise refuse("subsidy_type", gettext("This status needs a subsidy type."))
    if not status.has_subsidy_type and subsidy_type.strip():
        raise refuse("subsidy_type", gettext("This status has no subsidy type."))
    if not status.is_active:
        raise refuse("status", gettext("This status is not in use in the municipality."))
    frame = legal_frame_for(status=status, on=valid_from)
    if frame is None:
        raise refuse("status", gettext("No legal frame of this status is valid on the start date."))
    hours_per_day = Decimal(hours_per_day)
    if not frame.min_days_per_week <= days_per_week <= frame.max_days_per_week:
        raise refuse(
            "days_per_week",
            gettext("Days per week must be between %(min)d and %(max)d for this status.")
            % {"min": frame.min_days_per_week, "max": frame.max_days_per_week},
        )
    if not frame.min_hours_per_day <= hours_per_day <= frame.max_hours_per_day:
        raise refuse(
            "hours_per_day",
            gettext("Hours per day must be between %(min)s and %(max)s for this status.")
            % {"min": frame.min_hours_per_day, "max": frame.max_hours_per_day},
        )
    if frame.max_hours_per_week is not None and (
        days_per_week * hours_per_day > frame.max_hours_per_week
    ):
        raise refuse(
            "hours_per_day",
            gettext("The week would have more than %(max)s hours for this status.")
            % {"max": frame.max_hours_per_week},
        )
    has_month_limits = any(
        limit is not None
        for limit in (
            frame.max_months_per_period,
            frame.min_months_per_period,
            frame.max_months_same_organiser,
            frame.max_months_total,
        )
    )
    if has_month_limits and valid_until is None:
        raise refuse("valid_until", gettext("This status needs an end date."))

    earlier = list(period.statuses.select_for_update().select_related("status"))
    for row in earlier:
        if row.valid_until is None and row.valid_from < valid_from:
            row.valid_until = valid_from - relativedelta(days=1)
            row.save(update_fields=["valid_until", "updated_at"])
    for row in earlier:
        row_end = row.valid_until or date.max
        new_end = valid_until or date.max
        if row.valid_from <= new_end and valid_from <= row_end:
            raise refuse("valid_from", gettext("The status overlaps another status of the period."))

    new_row = PeriodStatus(
        period=period,
        status=status,
        valid_from=valid_from,
        valid_until=valid_until,
        days_per_week=days_per_week,
        hours_per_day=hours_per_day,
        subsidy_type=subsidy_type.strip(),
    )
    if has_month_limits:
        months = _months_of(new_row, period.planned_end_on)
        if frame.max_months_per_period is not None and months > frame.max_months_per_period:
            raise refuse(
                "valid_until",
                gettext("A period of this status may last at most %(max)d months.")
                % {"max": frame.max_months_per_period},
            )
        if frame.min_months_per_period is not None and months < frame.min_months_per_period:
            raise refuse(
                "valid_until",
                gettext("A period of this status must last at least %(min)d months.")
                % {"min": frame.min_months_per_period},
            )
        previous = PeriodStatus.objects.filter(
            period__trainee_id=period.trainee_id, status=status
        ).select_related("period")
        used = sum((_months_of(row, row.period.planned_end_on) for row in previous), Decimal(0))
        if (
            frame.max_months_same_organiser is not None
            and used + months > frame.max_months_same_organiser
        ):
            raise refuse(
                "valid_until",
                gettext(
                    "The trainee would have more than %(max)d months of this status "
                    "with this organiser."
                )
                % {"max": frame.max_months_same_organiser},
            )
        if frame.max_months_total is not None and used + months > frame.max_months_total:
            raise refuse(
                "valid_until",
                gettext("The trainee would have more than %(max)d months of this status in total.")
                % {"max": frame.max_months_total},
            )
    new_row.full_clean()
    new_row.save()
    return new_row


def staff_change_check(user: User, role: str | None, is_active: bool | None) -> None:
    """Refuse to take a coach, career agent or supervisor off open periods by an account change.

    Registered with ``accounts.services.staff_update``: the periods are reassigned first
    (``coaching_period_coach_assign``), so no trainee is left without their named person.
    """
    if role is None and is_active is None:
        return
    held = CoachingPeriod.objects.filter(
        Q(coach=user) | Q(career_agent=user) | Q(placement_supervisor=user),
        phase__in=OPEN_PHASES,
    ).count()
    if held:
        raise refuse(
            "is_active" if is_active is False else "role",
            ngettext(
                "%(count)d open coaching period names this person; reassign it first.",
                "%(count)d open coaching periods name this person; reassign them first.",
                held,
            )
            % {"count": held},
        )
