"""Reads for the coaching activity screens: the list by date and one activity's group.

The viewer's reach comes in as a queryset of periods from the permission layer (the caller
narrows); like every selector module this one never imports services. Each read costs the
same number of queries whatever the number of activities or trainees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import (
    Activity,
    ActivityAttendance,
    ActivityParticipant,
    ActivityType,
    CoachingPeriod,
    PeriodTransition,
)
from .models.periods import OPEN_PHASES


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def activity_list(
    *,
    start: date,
    end: date,
    visible_periods: QuerySet[CoachingPeriod],
    only_mine: bool = False,
) -> QuerySet[Activity]:
    """Activities starting on ``start``..``end`` (inclusive), earliest first, one query.

    Each carries ``participant_count`` (everyone), and ``group_count`` and ``attended_count``
    counted over the viewer's periods only; ``only_mine`` keeps the activities with at least
    one of them.
    """
    visible = Q(participants__period__in=visible_periods.values("pk"))
    activities = (
        Activity.objects.filter(
            starts_at__gte=_day_start(start),
            starts_at__lt=_day_start(date.fromordinal(end.toordinal() + 1)),
        )
        .select_related("type")
        .annotate(
            participant_count=Count("participants", distinct=True),
            group_count=Count("participants", filter=visible, distinct=True),
            attended_count=Count(
                "participants",
                filter=visible & Q(participants__attendance=ActivityAttendance.ATTENDED),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    if only_mine:
        activities = activities.filter(group_count__gt=0)
    return activities


def activity_get(*, pk: int) -> Activity | None:
    """One activity with its type."""
    return Activity.objects.select_related("type", "created_by").filter(pk=pk).first()


def activity_type_list(*, including: ActivityType | None = None) -> QuerySet[ActivityType]:
    """The types in use, plus ``including`` (an activity's own type, even if retired)."""
    condition = Q(is_active=True)
    if including is not None:
        condition |= Q(pk=including.pk)
    return ActivityType.objects.filter(condition).order_by("order", "name")


@dataclass
class GroupMember:
    """A trainee's period offered on the attendance page, with its participation if any."""

    period: CoachingPeriod
    participant: ActivityParticipant | None
    own: bool  # the viewer is the period's coach or career agent

    @property
    def trainee(self):
        return self.period.trainee


@dataclass
class ActivityGroup:
    activity: Activity
    day: date
    members: list[GroupMember] = field(default_factory=list)
    hidden_count: int = 0  # participants outside the viewer's reach (counted, not shown)


def _open_on(period: CoachingPeriod, day: date) -> bool:
    """Whether the period was in an open phase at any time on ``day`` (by its history).

    The same reading of the transition history as ``period_in_phases_on`` of the period
    services (which the attendance service checks), which this module may not import.
    """
    if day < period.start_on:
        return False
    history = list(period.transitions.all())
    for index, transition in enumerate(history):
        if transition.to_phase not in OPEN_PHASES:
            continue
        begins = timezone.localdate(transition.at)
        following = history[index + 1] if index + 1 < len(history) else None
        ends = timezone.localdate(following.at) if following else date.max
        if begins <= day <= ends:
            return True
    return False


def activity_group_get(
    *, activity: Activity, visible_periods: QuerySet[CoachingPeriod], viewer_id: int
) -> ActivityGroup:
    """The trainees whose attendance the viewer records: in four queries, whatever the size.

    The participants the viewer may see, and the viewer's periods (as coach or career agent,
    or every period for a viewer who sees all) that are open on the activity's day. Rows are
    in the trainees' name order.
    """
    day = timezone.localdate(activity.starts_at)
    participants = {
        row.period_id: row
        for row in ActivityParticipant.objects.filter(activity=activity).order_by("pk")
    }
    periods = (
        visible_periods.filter(
            Q(pk__in=list(participants))
            | (
                Q(start_on__lte=day)
                & (Q(phase__in=OPEN_PHASES) | Q(ended_on__isnull=False, ended_on__gte=day))
            )
        )
        .select_related("trainee")
        .prefetch_related(
            Prefetch("transitions", queryset=PeriodTransition.objects.order_by("at", "pk"))
        )
        .order_by("trainee__last_name", "trainee__first_name", "pk")
    )
    members = [
        GroupMember(
            period=period,
            participant=participants.get(period.pk),
            own=viewer_id in (period.coach_id, period.career_agent_id),
        )
        for period in periods
        if period.pk in participants or _open_on(period, day)
    ]
    shown = {member.period.pk for member in members}
    return ActivityGroup(
        activity=activity,
        day=day,
        members=members,
        hidden_count=sum(1 for period_id in participants if period_id not in shown),
    )
