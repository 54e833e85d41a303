"""Capacity reads for the web app's screens: a period's trajectory, the group overview, entry.

Built on ``selectors.capacity_assessment_list`` (one prefetching query set, constant queries)
and the pure arithmetic in ``change``. Where two raters of one type assessed at the same
occasion, the screens show the latest of them (by date, then entry order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from coaching.models import CoachingPeriod

from .change import Comparison, DimensionChange, DimensionScore, change_between, dimension_scores
from .models import (
    OCCASION_ORDER,
    Answer,
    Assessment,
    Dimension,
    Instrument,
    InstrumentVersion,
    Item,
    Occasion,
    RaterType,
)
from .selectors import (
    capacity_assessment_list,
    capacity_assessment_snapshot,
    capacity_version_get,
    capacity_version_list_current,
)

# The rater types a trajectory shows, in the order of its lines and columns.
SHOWN_RATERS = (RaterType.COACH, RaterType.SELF, RaterType.SUPERVISOR)


def _latest_by_occasion(assessments: Iterable[Assessment]) -> dict[tuple[str, str], Assessment]:
    """``{(rater type, occasion): assessment}``, the latest where there are several."""
    found: dict[tuple[str, str], Assessment] = {}
    for assessment in sorted(assessments, key=lambda a: (a.assessed_on, a.pk)):
        found[(assessment.rater_type, assessment.occasion)] = assessment
    return found


@dataclass(frozen=True)
class OccasionRow:
    """One occasion of one dimension: each rater type's score and the coach's change since the
    previous occasion the coach assessed, with its coverage (items observed on both sides)."""

    occasion: str
    label: str
    assessed_on: date | None
    scores: dict[str, DimensionScore | None]
    change: DimensionChange | None

    @property
    def coach(self) -> DimensionScore | None:
        return self.scores.get(RaterType.COACH)

    @property
    def self_score(self) -> DimensionScore | None:
        return self.scores.get(RaterType.SELF)

    @property
    def supervisor(self) -> DimensionScore | None:
        return self.scores.get(RaterType.SUPERVISOR)

    @property
    def self_minus_coach(self) -> Decimal | None:
        coach, own = self.coach, self.self_score
        if coach is None or own is None or coach.mean is None or own.mean is None:
            return None
        return own.mean - coach.mean


@dataclass(frozen=True)
class DimensionTrajectory:
    code: str
    name: str
    rows: tuple[OccasionRow, ...]


@dataclass(frozen=True)
class EntryLink:
    """An assessment the page offers to enter (or shows as entered) at one occasion."""

    instrument: Instrument
    version_name: str
    occasion: str
    occasion_label: str
    rater_type: str
    rater_label: str
    assessment: Assessment | None


@dataclass(frozen=True)
class PeriodCapacity:
    period: CoachingPeriod
    assessments: tuple[Assessment, ...]
    dimensions: tuple[DimensionTrajectory, ...]
    scale: tuple[int, ...]
    raters: tuple[str, ...]  # rater types with at least one assessment, in ``SHOWN_RATERS`` order
    entries: tuple[EntryLink, ...] = field(default=())


def _scores_by_assessment(
    assessments: Iterable[Assessment],
) -> dict[int, dict[str, DimensionScore]]:
    return {
        a.pk: {s.code: s for s in dimension_scores(capacity_assessment_snapshot(a))}
        for a in assessments
    }


def _changes(chosen: dict[tuple[str, str], Assessment], rater_type: str) -> dict[str, Comparison]:
    """The change of ``rater_type`` into each occasion from its previous assessed occasion."""
    ordered = sorted(
        (a for (rater, _), a in chosen.items() if rater == rater_type),
        key=lambda a: OCCASION_ORDER[a.occasion],
    )
    return {
        after.occasion: change_between(
            capacity_assessment_snapshot(before), capacity_assessment_snapshot(after)
        )
        for before, after in pairwise(ordered)
    }


def _trajectories(
    assessments: list[Assessment],
) -> tuple[tuple[DimensionTrajectory, ...], tuple[int, ...]]:
    chosen = _latest_by_occasion(assessments)
    scores = _scores_by_assessment(chosen.values())
    occasions = sorted({occasion for _, occasion in chosen}, key=OCCASION_ORDER.__getitem__)
    names: dict[str, str] = {}
    scale: set[int] = set()
    for assessment in sorted(chosen.values(), key=lambda a: -a.version.number):
        for dimension in assessment.version.dimensions.all():
            names.setdefault(dimension.code, dimension.name)
        scale.update(point.value for point in assessment.version.scale_points.all())
    changes = _changes(chosen, RaterType.COACH)
    dimensions = []
    for code, name in names.items():
        rows = []
        for occasion in occasions:
            at_occasion = {r: chosen.get((r, occasion)) for r in SHOWN_RATERS}
            coach = at_occasion[RaterType.COACH]
            dates = [a.assessed_on for a in at_occasion.values() if a is not None]
            comparison = changes.get(occasion)
            rows.append(
                OccasionRow(
                    occasion=occasion,
                    label=str(Occasion(occasion).label),
                    assessed_on=coach.assessed_on if coach else min(dates, default=None),
                    scores={
                        r: None if a is None else scores[a.pk].get(code)
                        for r, a in at_occasion.items()
                    },
                    change=next((d for d in comparison.dimensions if d.code == code), None)
                    if comparison is not None
                    else None,
                )
            )
        dimensions.append(DimensionTrajectory(code=code, name=name, rows=tuple(rows)))
    return tuple(dimensions), tuple(sorted(scale))


def capacity_period_get(*, period: CoachingPeriod) -> PeriodCapacity:
    """A period's assessments as trajectories per dimension, and what can be entered.

    Queries: the assessments with their prefetches, and the current instrument versions.
    """
    assessments = list(capacity_assessment_list(period=period).order_by("assessed_on", "pk"))
    dimensions, scale = _trajectories(assessments)
    raters = tuple(r for r in SHOWN_RATERS if any(a.rater_type == r for a in assessments))
    existing = _latest_by_occasion(assessments)
    by_instrument: dict[tuple[int, str, str], Assessment] = {
        (a.instrument_id, a.rater_type, a.occasion): a for a in existing.values()
    }
    entries = []
    for version in capacity_version_list_current():
        for rater_type in (r for r in SHOWN_RATERS if r in version.rater_types):
            for occasion in (o for o in Occasion.values if o in version.occasions):
                entries.append(
                    EntryLink(
                        instrument=version.instrument,
                        version_name=version.name,
                        occasion=occasion,
                        occasion_label=str(Occasion(occasion).label),
                        rater_type=rater_type,
                        rater_label=str(RaterType(rater_type).label),
                        assessment=by_instrument.get((version.instrument_id, rater_type, occasion)),
                    )
                )
    return PeriodCapacity(
        period=period,
        assessments=tuple(assessments),
        dimensions=dimensions,
        scale=scale,
        raters=raters,
        entries=tuple(entries),
    )


# --- The group overview ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    """A period's latest coach occasion and the change into it, per dimension."""

    period: CoachingPeriod
    latest: Assessment | None
    scores: dict[str, DimensionScore]
    changes: dict[str, DimensionChange]


@dataclass(frozen=True)
class GroupOverview:
    dimensions: tuple[tuple[str, str], ...]  # (code, name) in the newest version's order
    rows: tuple[GroupRow, ...]


def capacity_group_periods(*, periods: QuerySet[CoachingPeriod]) -> QuerySet[CoachingPeriod]:
    """The overview's periods in its order (the trainee's name), for the caller to page: a
    municipality's admin sees thousands of open periods."""
    return periods.select_related("trainee", "coach").order_by(
        "trainee__last_name", "trainee__first_name", "pk"
    )


def capacity_group_overview(
    *, periods: QuerySet[CoachingPeriod] | Iterable[CoachingPeriod]
) -> GroupOverview:
    """Each period's latest coach assessment: scores with coverage and the change since the
    coach's previous occasion. A fixed number of queries, however many periods.

    A query set is put in the overview's order; anything else (a page of
    ``capacity_group_periods``) is taken in the order given."""
    if isinstance(periods, QuerySet):
        periods = capacity_group_periods(periods=periods)
    period_list = list(periods)
    assessments = list(_coach_assessments([p.pk for p in period_list])) if period_list else []
    by_period: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        by_period.setdefault(assessment.period_id, []).append(assessment)
    names: dict[str, str] = {}
    for assessment in sorted(assessments, key=lambda a: -a.version.number):
        for dimension in assessment.version.dimensions.all():
            names.setdefault(dimension.code, dimension.name)
    rows = []
    for period in period_list:
        chosen = _latest_by_occasion(by_period.get(period.pk, []))
        ordered = sorted(chosen.values(), key=lambda a: OCCASION_ORDER[a.occasion])
        latest = ordered[-1] if ordered else None
        scores: dict[str, DimensionScore] = {}
        changes: dict[str, DimensionChange] = {}
        if latest is not None:
            snapshot = capacity_assessment_snapshot(latest)
            scores = {s.code: s for s in dimension_scores(snapshot)}
            if len(ordered) > 1:
                comparison = change_between(capacity_assessment_snapshot(ordered[-2]), snapshot)
                changes = {d.code: d for d in comparison.dimensions}
        rows.append(GroupRow(period=period, latest=latest, scores=scores, changes=changes))
    return GroupOverview(dimensions=tuple(names.items()), rows=tuple(rows))


def _coach_assessments(period_ids: list[int]) -> QuerySet[Assessment]:
    """Coach assessments of many periods with what a snapshot needs (as
    ``capacity_assessment_list`` does for one period)."""
    return (
        Assessment.objects.filter(period_id__in=period_ids, rater_type=RaterType.COACH)
        .select_related("version")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("item")),
            "version__scale_points",
            Prefetch(
                "version__dimensions",
                queryset=Dimension.objects.prefetch_related(
                    Prefetch("items", queryset=Item.objects.order_by("position"))
                ),
            ),
        )
    )


# --- Entry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What the entry page needs: the version to answer (the existing assessment's, else the
    instrument's current one, with scale, dimensions, items and anchors) and the assessment."""

    version: InstrumentVersion
    assessment: Assessment | None
    answers: dict[str, int | None]


def capacity_entry_get(
    *,
    period: CoachingPeriod,
    instrument: Instrument,
    occasion: str,
    rater_type: str,
    rater: User | None,
) -> Entry | None:
    """The entry of one rater at one occasion, or ``None`` when the instrument has no current
    published version for this rater type and occasion."""
    assessments = capacity_assessment_list(
        period=period, instrument=instrument, rater_type=rater_type, occasion=occasion
    )
    if rater_type != RaterType.SELF:
        assessments = assessments.filter(rater=rater)
    assessment = assessments.order_by("-assessed_on", "-pk").first()
    if assessment is not None:
        version_id = assessment.version_id
    else:
        current = capacity_version_list_current().filter(instrument=instrument).first()
        if current is None:
            return None
        version_id = current.pk
    version = capacity_version_get(pk=version_id)
    if rater_type not in version.rater_types or occasion not in version.occasions:
        return None
    answers = (
        {
            answer.item.code: None if answer.not_observed else answer.value
            for answer in assessment.answers.all()
        }
        if assessment is not None
        else {}
    )
    return Entry(version=version, assessment=assessment, answers=answers)
