"""Reads for the trainees list and the trainee's page.

The viewer's reach comes in as querysets from the permission layer (the caller narrows), so
this module decides nothing about access. The list is a fixed number of queries whatever the
page size; the timeline reads each source once, newest first and limited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import (
    ActivityParticipant,
    CoachingPeriod,
    DailyEntry,
    FollowUpContact,
    Goal,
    GoalReview,
    PeriodStatus,
    PeriodTransition,
    ReferralAttachment,
    ReferralRestriction,
    TaskAssignment,
    TaskLevelChange,
    Trainee,
    WorkOrder,
)

TIMELINE_LIMIT = 40  # newest events shown on the trainee's page (per source and in all)
TIMELINE_KINDS = (
    "phase",
    "status",
    "task",
    "level",
    "daily",
    "goal",
    "review",
    "activity",
    "work_order",
    "follow_up",
    "document",
)


@dataclass
class TraineeRow:
    trainee: Trainee
    period: CoachingPeriod | None
    status: PeriodStatus | None  # the current participation status (see ``_in_force``)


def trainee_search(
    *,
    trainees: QuerySet[Trainee],
    periods: QuerySet[CoachingPeriod],
    query: str = "",
    phase: str = "",
    status_id: int | None = None,
    coach_id: int | None = None,
    site_id: int | None = None,
    today: date,
) -> QuerySet[Trainee]:
    """Trainees matching the filters, by name; each annotated with ``latest_period_id``.

    ``periods`` is the viewer's reach: a trainee's row shows their newest visible period and
    the phase, status, coach and site filters apply to that period.
    """
    latest = periods.filter(trainee=OuterRef("pk")).order_by("-start_on", "-pk").values("pk")[:1]
    result = trainees.annotate(latest_period_id=Subquery(latest))
    for word in query.split():
        result = result.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    period_filter = Q()
    if phase:
        period_filter &= Q(phase=phase)
    if coach_id:
        period_filter &= Q(coach_id=coach_id)
    if site_id:
        period_filter &= Q(placement_unit__site_id=site_id)
    if status_id:
        period_filter &= Q(pk__in=_in_force(today).filter(status_id=status_id).values("period_id"))
    if period_filter:
        result = result.filter(
            latest_period_id__in=CoachingPeriod.objects.filter(period_filter).values("pk")
        )
    return result.order_by("last_name", "first_name", "pk")


def _in_force(today: date) -> QuerySet[PeriodStatus]:
    """Each period's current status: the newest that has begun (an ended period keeps its last)."""
    newest = (
        PeriodStatus.objects.filter(period=OuterRef("period"), valid_from__lte=today)
        .order_by("-valid_from", "-pk")
        .values("pk")[:1]
    )
    return PeriodStatus.objects.filter(pk=Subquery(newest))


def trainee_rows(trainees: list[Trainee], *, today: date) -> list[TraineeRow]:
    """Rows for one page of ``trainee_search``: two queries whatever the page size."""
    # latest_period_id is annotated by trainee_search (the stubs do not know the annotation).
    latest = {t.pk: t.latest_period_id for t in trainees}  # type: ignore[attr-defined]
    period_ids = [latest[t.pk] for t in trainees if latest[t.pk]]
    periods = CoachingPeriod.objects.select_related(
        "coach", "career_agent", "placement_unit__site"
    ).in_bulk(period_ids)
    statuses: dict[int, PeriodStatus] = {}
    for row in _in_force(today).filter(period_id__in=period_ids).select_related("status"):
        statuses[row.period_id] = row
    return [
        TraineeRow(
            trainee=t,
            period=periods.get(latest[t.pk]),
            status=statuses.get(latest[t.pk]),
        )
        for t in trainees
    ]


@dataclass
class TimelineEvent:
    at: datetime
    kind: str  # phase, status, task, level, daily, goal, review, activity, work_order,
    # follow_up, document
    title: str
    detail: str = ""
    row: object = None  # the row shown, for the audit log


@dataclass
class TraineePage:
    trainee: Trainee
    period: CoachingPeriod | None
    periods: list[CoachingPeriod]
    status: PeriodStatus | None
    events: list[TimelineEvent] = field(default_factory=list)
    more: bool = False  # older events exist than those shown

    def rows(self) -> list:
        """Every row the page shows, for the audit log."""
        shown = [self.trainee, *self.periods]
        if self.status is not None:
            shown.append(self.status)
        return shown + [e.row for e in self.events if e.row is not None]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def trainee_page_get(
    *,
    trainee: Trainee,
    periods: QuerySet[CoachingPeriod],
    period_id: int | None,
    today: date,
    with_social_welfare: bool,
    kind: str = "",
    limit: int = TIMELINE_LIMIT,
) -> TraineePage:
    """The trainee's header and the timeline of one visible period (the newest by default).

    ``with_social_welfare`` adds the participation statuses (a restricted section) to the
    header and the timeline; the caller decides it through the permission layer. ``kind``
    (one of ``TIMELINE_KINDS``) keeps one kind of event, so the daily log cannot bury the rest.
    """
    visible = list(
        periods.filter(trainee=trainee)
        .select_related(
            "coach", "career_agent", "placement_unit__site", "placement_supervisor", "referral"
        )
        .order_by("-start_on", "-pk")
    )
    period = next((p for p in visible if p.pk == period_id), None) if period_id else None
    if period is None and visible:
        period = visible[0]
    page = TraineePage(trainee=trainee, period=period, periods=visible, status=None)
    if period is None:
        return page
    events: list[TimelineEvent] = []
    for t in PeriodTransition.objects.filter(period=period).order_by("-at", "-pk")[:limit]:
        events.append(TimelineEvent(t.at, "phase", t.get_to_phase_display(), t.reason, row=t))
    if with_social_welfare:
        statuses = list(
            PeriodStatus.objects.filter(period=period)
            .select_related("status")
            .order_by("-valid_from", "-pk")[:limit]
        )
        page.status = next((s for s in statuses if s.valid_from <= today), None)
        for s in statuses:
            events.append(TimelineEvent(_at(s.valid_from), "status", s.status.name, row=s))
    for a in (
        TaskAssignment.objects.filter(period=period)
        .select_related("task", "level")
        .order_by("-created_at", "-pk")[:limit]
    ):
        events.append(TimelineEvent(a.created_at, "task", str(a.task), str(a.level), row=a))
    for c in (
        TaskLevelChange.objects.filter(assignment__period=period)
        .select_related("assignment__task", "to_level")
        .order_by("-at", "-pk")[:limit]
    ):
        events.append(
            TimelineEvent(
                c.at, "level", str(c.assignment.task), f"{c.to_level} – {c.reason}", row=c
            )
        )
    for d in DailyEntry.objects.filter(period=period).order_by("-date", "-pk")[:limit]:
        hours = f"{d.hours:g} h" if d.hours else ""
        events.append(
            TimelineEvent(
                _at(d.date),
                "daily",
                " ".join(filter(None, [d.get_attendance_display(), hours])),
                d.learning_notes,
                row=d,
            )
        )
    for g in Goal.objects.filter(period=period).order_by("-created_at", "-pk")[:limit]:
        events.append(TimelineEvent(g.created_at, "goal", g.text, g.get_status_display(), row=g))
    for r in (
        GoalReview.objects.filter(goal__period=period)
        .select_related("goal")
        .order_by("-date", "-pk")[:limit]
    ):
        events.append(
            TimelineEvent(
                _at(r.date), "review", r.goal.text, f"{r.get_to_status_display()} – {r.note}", row=r
            )
        )
    for p in (
        ActivityParticipant.objects.filter(period=period)
        .select_related("activity")
        .order_by("-activity__starts_at", "-pk")[:limit]
    ):
        events.append(
            TimelineEvent(
                p.activity.starts_at,
                "activity",
                p.activity.title,
                p.get_attendance_display(),
                row=p,
            )
        )
    for o in (
        WorkOrder.objects.filter(periods=period)
        .select_related("ordering_unit")
        .order_by("-received_on", "-pk")[:limit]
    ):
        events.append(
            TimelineEvent(
                _at(o.received_on),
                "work_order",
                str(o.ordering_unit),
                f"{o.get_status_display()} – {o.description}",
            )
        )
    for f in FollowUpContact.objects.filter(period=period).order_by("-date", "-pk")[:limit]:
        events.append(TimelineEvent(_at(f.date), "follow_up", f.get_kind_display(), f.note, row=f))
    if period.referral_id:
        for doc in ReferralAttachment.objects.filter(referral_id=period.referral_id).order_by(
            "-created_at", "-pk"
        )[:limit]:
            events.append(
                TimelineEvent(doc.created_at, "document", doc.description or doc.file.name, row=doc)
            )
    if kind:  # each source is already its newest ``limit``: filtering after loses nothing
        events = [e for e in events if e.kind == kind]
    events.sort(key=lambda e: e.at, reverse=True)
    page.events = events[:limit]
    page.more = len(events) > limit
    return page


def health_safety_get(period: CoachingPeriod | None) -> ReferralRestriction | None:
    """The referral's health and safety restrictions (a restricted section), if recorded."""
    if period is None or period.referral_id is None:
        return None
    return ReferralRestriction.objects.filter(referral_id=period.referral_id).first()


@dataclass(frozen=True)
class WeekHours:
    week_start: date  # the week's Monday
    hours: Decimal


HOURS_WEEKS = 26  # the newest weeks charted on the trainee's page


def hours_by_week(period: CoachingPeriod, *, today: date) -> list[WeekHours]:
    """Logged hours in each week of the period so far (weeks without entries as 0), one query;
    the newest ``HOURS_WEEKS`` weeks."""
    totals = {
        row["week"]: row["hours"] or Decimal(0)
        for row in DailyEntry.objects.filter(period=period)
        .annotate(week=TruncWeek("date"))
        .values("week")
        .annotate(hours=Sum("hours"))
    }
    first = period.start_on - timedelta(days=period.start_on.weekday())
    last_day = min(period.ended_on, today) if period.ended_on else today
    if totals:
        last_day = max(last_day, max(totals))
    weeks = []
    week = first
    while week <= last_day:
        weeks.append(WeekHours(week, totals.get(week, Decimal(0))))
        week += timedelta(weeks=1)
    return weeks[-HOURS_WEEKS:]


@dataclass(frozen=True)
class TaskLevels:
    task: str
    start_level: int  # the level the task was first assigned at
    level: int  # the level now
    changes: int  # level changes recorded


def task_levels(period: CoachingPeriod) -> list[TaskLevels]:
    """Each task assigned in the period: its first level, its level now and the changes between.

    One query: the first level comes from the earliest level change (its ``from_level``, or its
    ``to_level`` when the change is the assignment itself), else the current level.
    """
    first = TaskLevelChange.objects.filter(assignment=OuterRef("pk")).order_by("at", "pk")
    rows = (
        TaskAssignment.objects.filter(period=period)
        .annotate(
            changes=Count("level_changes"),
            first_from=Subquery(first.values("from_level__level")[:1]),
            first_to=Subquery(first.values("to_level__level")[:1]),
        )
        .values("task__name", "level__level", "changes", "first_from", "first_to")
        .order_by("task__name", "pk")
    )
    return [
        TaskLevels(
            task=row["task__name"],
            start_level=row["first_from"] or row["first_to"] or row["level__level"],
            level=row["level__level"],
            changes=row["changes"],
        )
        for row in rows
    ]
