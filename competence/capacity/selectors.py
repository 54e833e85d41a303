"""Capacity reads: instruments to offer, assessments, change, trajectories, self vs coach.

The arithmetic is in ``change`` (pure); these functions fetch assessments in bulk, turn them
into snapshots and hand them over. A request that cannot be answered (no assessment at that
occasion, or more than one when one is needed) raises ``ValidationError`` naming the argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from coaching.models import CoachingPeriod
from coaching.services.common import refuse

from .change import (
    Comparison,
    DimensionScore,
    Snapshot,
    SnapshotDimension,
    change_between,
    dimension_scores,
    self_coach_difference,
)
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

# --- Instruments -------------------------------------------------------------------------------


def capacity_version_list_current() -> QuerySet[InstrumentVersion]:
    """The newest published version of every instrument in use: what new assessments use."""
    return (
        InstrumentVersion.objects.filter(
            status=InstrumentVersion.Status.PUBLISHED, instrument__is_active=True
        )
        .select_related("instrument")
        .order_by("instrument_id", "-number")
        .distinct("instrument_id")
    )


def capacity_version_get(*, pk: int) -> InstrumentVersion:
    """One version with its scale, dimensions, items and anchors (four extra queries)."""
    return (
        InstrumentVersion.objects.select_related("instrument")
        .prefetch_related(
            "scale_points",
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.prefetch_related(
                    Prefetch("items", queryset=Item.objects.prefetch_related("anchors"))
                ),
            ),
        )
        .get(pk=pk)
    )


def capacity_instrument_list() -> QuerySet[Instrument]:
    """Every instrument of the municipality, platform and own, with all its versions."""
    return Instrument.objects.prefetch_related(
        Prefetch("versions", queryset=InstrumentVersion.objects.order_by("number"))
    )


# --- Assessments -------------------------------------------------------------------------------


def capacity_assessment_list(
    *,
    period: CoachingPeriod | int,
    instrument: Instrument | None = None,
    rater_type: str | None = None,
    occasion: str | None = None,
    rater: User | None = None,
) -> QuerySet[Assessment]:
    """A period's assessments with everything a snapshot needs, in a fixed number of queries."""
    assessments = _with_snapshot_rows(Assessment.objects.filter(period=period))
    if instrument is not None:
        assessments = assessments.filter(instrument=instrument)
    if rater_type is not None:
        assessments = assessments.filter(rater_type=rater_type)
    if occasion is not None:
        assessments = assessments.filter(occasion=occasion)
    if rater is not None:
        assessments = assessments.filter(rater=rater)
    return assessments


def _with_snapshot_rows(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("version", "instrument", "rater").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("item")),
        "version__scale_points",
        Prefetch(
            "version__dimensions",
            queryset=Dimension.objects.prefetch_related(
                Prefetch("items", queryset=Item.objects.order_by("position"))
            ),
        ),
    )


def capacity_assessment_detail_list() -> QuerySet[Assessment]:
    """Every assessment with what a snapshot needs (the API scopes it to the reader's periods)."""
    return _with_snapshot_rows(Assessment.objects.all())


def capacity_assessment_snapshot(assessment: Assessment) -> Snapshot:
    """Reduce an assessment (ideally from ``capacity_assessment_list``) to a snapshot."""
    version = assessment.version
    return Snapshot(
        scale=tuple(point.value for point in version.scale_points.all()),
        dimensions=tuple(
            SnapshotDimension(dimension.code, tuple(item.code for item in dimension.items.all()))
            for dimension in version.dimensions.all()
        ),
        answers={
            answer.item.code: None if answer.not_observed else answer.value
            for answer in assessment.answers.all()
        },
    )


def _one(assessments: list[Assessment], *, field: str, none: str, many: str) -> Assessment:
    if not assessments:
        raise refuse(field, none)
    if len(assessments) > 1:
        raise refuse(field, many)
    return assessments[0]


# --- Change between occasions ------------------------------------------------------------------


def capacity_change(*, before: Assessment, after: Assessment) -> Comparison:
    """Change from one assessment to another of the same period, per item and dimension."""
    if before.period_id != after.period_id:
        raise refuse("after", gettext("Both assessments must belong to the same period."))
    pair = {
        assessment.pk: assessment
        for assessment in capacity_assessment_list(period=before.period_id).filter(
            pk__in=[before.pk, after.pk]
        )
    }
    return change_between(
        capacity_assessment_snapshot(pair[before.pk]), capacity_assessment_snapshot(pair[after.pk])
    )


def capacity_change_between_occasions(
    *,
    period: CoachingPeriod,
    instrument: Instrument,
    rater_type: str,
    from_occasion: str,
    to_occasion: str,
    rater: User | None = None,
) -> Comparison:
    """Change between two occasions of one instrument and rater type (and rater, if several)."""
    assessments = list(
        capacity_assessment_list(
            period=period, instrument=instrument, rater_type=rater_type, rater=rater
        ).filter(occasion__in=[from_occasion, to_occasion])
    )
    found = {}
    for field, occasion in (("from_occasion", from_occasion), ("to_occasion", to_occasion)):
        found[field] = _one(
            [a for a in assessments if a.occasion == occasion],
            field=field,
            none=gettext("There is no such assessment at this occasion."),
            many=gettext("Several raters assessed at this occasion; choose the rater."),
        )
    return change_between(
        capacity_assessment_snapshot(found["from_occasion"]),
        capacity_assessment_snapshot(found["to_occasion"]),
    )


# --- Trajectory ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrajectoryPoint:
    assessment_id: int
    occasion: str
    occasion_label: str
    assessed_on: date
    rater_id: int | None
    version_number: int
    is_final: bool
    scores: dict[str, DimensionScore]


@dataclass(frozen=True)
class TrajectorySeries:
    """One dimension across the points: means aligned with ``Trajectory.points``."""

    dimension: str
    name: str
    means: tuple[Decimal | None, ...]
    observed: tuple[int, ...]
    items: tuple[int, ...]


@dataclass(frozen=True)
class Trajectory:
    instrument: Instrument
    rater_type: str
    points: tuple[TrajectoryPoint, ...]
    series: tuple[TrajectorySeries, ...]

    def as_chart(self) -> dict[str, Any]:
        """Plain JSON-ready data for a line chart: x = occasions, one line per dimension."""
        return {
            "instrument": self.instrument.code,
            "rater_type": self.rater_type,
            "labels": [point.occasion_label for point in self.points],
            "occasions": [point.occasion for point in self.points],
            "dates": [point.assessed_on.isoformat() for point in self.points],
            "final": [point.is_final for point in self.points],
            "series": [
                {
                    "dimension": series.dimension,
                    "name": series.name,
                    "data": [None if mean is None else float(mean) for mean in series.means],
                    "observed": list(series.observed),
                    "items": list(series.items),
                }
                for series in self.series
            ],
        }


def _trajectory_order(assessment: Assessment) -> tuple[int, date, int]:
    return (OCCASION_ORDER[assessment.occasion], assessment.assessed_on, assessment.pk)


def capacity_trajectory(
    *,
    period: CoachingPeriod,
    instrument: Instrument,
    rater_type: str = RaterType.COACH,
    rater: User | None = None,
) -> Trajectory:
    """Dimension scores at every occasion, in occasion order, ready for a chart.

    Each point is one assessment (two coaches at one occasion give two points unless
    ``rater`` picks one). Dimensions are listed in the newest version's order, followed by any
    that only older versions had; a dimension a point's version lacks has no score there.
    """
    assessments = sorted(
        capacity_assessment_list(
            period=period, instrument=instrument, rater_type=rater_type, rater=rater
        ),
        key=_trajectory_order,
    )
    points = []
    for assessment in assessments:
        scores = dimension_scores(capacity_assessment_snapshot(assessment))
        points.append(
            TrajectoryPoint(
                assessment_id=assessment.pk,
                occasion=assessment.occasion,
                occasion_label=str(Occasion(assessment.occasion).label),
                assessed_on=assessment.assessed_on,
                rater_id=assessment.rater_id,
                version_number=assessment.version.number,
                is_final=assessment.is_final,
                scores={score.code: score for score in scores},
            )
        )
    names: dict[str, str] = {}
    for assessment in sorted(assessments, key=lambda a: -a.version.number):
        for dimension in assessment.version.dimensions.all():
            names.setdefault(dimension.code, dimension.name)
    series = []
    for code, name in names.items():
        point_scores = [point.scores.get(code) for point in points]
        series.append(
            TrajectorySeries(
                dimension=code,
                name=name,
                means=tuple(None if s is None else s.mean for s in point_scores),
                observed=tuple(0 if s is None else s.observed for s in point_scores),
                items=tuple(0 if s is None else s.items for s in point_scores),
            )
        )
    return Trajectory(
        instrument=instrument, rater_type=rater_type, points=tuple(points), series=tuple(series)
    )


# --- Self versus coach ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfCoachComparison:
    """``comparison`` is self minus coach: a positive change means the trainee rates higher."""

    self_assessment: Assessment
    coach_assessment: Assessment
    comparison: Comparison


def capacity_self_coach_comparison(
    *,
    period: CoachingPeriod,
    occasion: str,
    self_instrument: Instrument | None = None,
    coach_instrument: Instrument | None = None,
    coach: User | None = None,
) -> SelfCoachComparison:
    """Compare the trainee's self-assessment with the coach's at one occasion.

    The two may use different instruments (Valmo's self-assessment and coach observation share
    dimension and item codes); items and dimensions are matched by code.
    """
    assessments = list(capacity_assessment_list(period=period, occasion=occasion))
    own = [
        a
        for a in assessments
        if a.rater_type == RaterType.SELF
        and (self_instrument is None or a.instrument_id == self_instrument.pk)
    ]
    coached = [
        a
        for a in assessments
        if a.rater_type == RaterType.COACH
        and (coach_instrument is None or a.instrument_id == coach_instrument.pk)
        and (coach is None or a.rater_id == coach.pk)
    ]
    self_assessment = _one(
        own,
        field="self_instrument" if own else "occasion",
        none=gettext("There is no self-assessment at this occasion."),
        many=gettext("There are several self-assessments; choose the instrument."),
    )
    coach_assessment = _one(
        coached,
        field="coach" if coached else "occasion",
        none=gettext("There is no coach assessment at this occasion."),
        many=gettext("There are several coach assessments; choose the coach or instrument."),
    )
    return SelfCoachComparison(
        self_assessment=self_assessment,
        coach_assessment=coach_assessment,
        comparison=self_coach_difference(
            capacity_assessment_snapshot(self_assessment),
            capacity_assessment_snapshot(coach_assessment),
        ),
    )


def platform_instruments_current(*, schemas: list[str]) -> set[str]:
    """The schemas whose platform instruments already match the shipped files, in one query.

    A deploy with nothing changed then skips every municipality instead of switching to each
    schema and reading its instruments (``capacity_instruments_sync``).
    """
    from django.db import connection

    from competence.capacity.definitions import platform_definitions
    from competence.capacity.models import Instrument, InstrumentVersion

    if not schemas:
        return set()
    shipped = {(d.code, d.sha256) for d in platform_definitions()}
    quote = connection.ops.quote_name
    instrument, version = Instrument._meta.db_table, InstrumentVersion._meta.db_table
    union = " UNION ALL ".join(
        f"SELECT %s, i.code, (SELECT v.content_sha256 FROM {quote(s)}.{version} v "  # noqa: S608
        f"WHERE v.instrument_id = i.id ORDER BY v.number DESC LIMIT 1) "
        f"FROM {quote(s)}.{instrument} i WHERE i.source = %s"
        for s in schemas
    )
    params: list[str] = []
    for s in schemas:
        params += [s, Instrument.Source.PLATFORM]
    with connection.cursor() as cursor:
        cursor.execute(union, params)
        rows = cursor.fetchall()
    found: dict[str, set[tuple[str, str]]] = {}
    for schema, code, sha256 in rows:
        found.setdefault(schema, set()).add((code, sha256))
    return {s for s in schemas if shipped <= found.get(s, set())}
