"""Comparing published figures: municipalities side by side, the area's figure, quarter trends.

Reads only published snapshot cells (public schema); nothing here can undo disclosure control.
The area's figure is computed from published cells alone: for a count the sum and the mean per
municipality over the municipalities whose cell is published; for a rate or mean the mean
weighted by each municipality's published base count (``trainees_per_coach``: the plain mean,
its coach counts are not published). A suppressed cell is left out and flagged, so the
area's sum is then a lower bound. Used by the coordinators' screens, the exports and the
municipality's own comparison page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from accounts.models import User
from tenants.models import Region

from .models import CoordinatorRegion, Run, Snapshot, SnapshotCell
from .tables import ALL

VALUE_BASES = {
    "period_length_days": "ends",
    "trainees_per_coach": "active_trainees",
    "attendance_rate": "attending_trainees",
    "hours_per_trainee": "attending_trainees",
    "requirements_reached_per_trainee": "trainees_reaching_requirements",
}
UNWEIGHTED = {"trainees_per_coach"}
TWO_PLACES = Decimal("0.01")


def base_metric(metric: str) -> str | None:
    """The count a rate or mean is over; None for a count metric."""
    if metric.startswith("capacity_change:"):
        return "capacity_pairs:" + metric.split(":", 1)[1]
    return VALUE_BASES.get(metric)


def is_count(metric: str) -> bool:
    return base_metric(metric) is None


@dataclass(frozen=True)
class Figure:
    """One municipality's published cell: a figure, suppressed, or absent (nothing to count)."""

    count: int | None = None
    value: Decimal | None = None
    suppressed: bool = False

    @property
    def number(self) -> Decimal | int | None:
        return self.count if self.count is not None else self.value


@dataclass(frozen=True)
class AreaFigure:
    total: Decimal | int | None  # counts only
    mean: Decimal | None  # per municipality (counts) or weighted (rates and means)
    published: int  # municipalities whose cell is published
    suppressed: int  # municipalities whose cell is suppressed


@dataclass
class Comparison:
    region: Region
    run: Run | None
    metric: str
    period: str
    dimension: str
    category: str
    municipalities: list[tuple[int, str]] = field(default_factory=list)
    figures: dict[int, Figure] = field(default_factory=dict)  # chosen period
    area: AreaFigure | None = None
    trend_periods: list[str] = field(default_factory=list)
    trend: dict[str, dict[int, Figure]] = field(default_factory=dict)
    trend_area: dict[str, AreaFigure] = field(default_factory=dict)
    k: int | None = None  # the smallest published group of the area's snapshots

    @property
    def counts(self) -> bool:
        return is_count(self.metric)


def regions_visible_to(user: User) -> QuerySet[Region]:
    """Every area for a platform operator; a coordinator's own areas; nothing for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Region.objects.none()
    if user.role == User.Role.PLATFORM_OPERATOR:
        return Region.objects.order_by("name")
    if user.role == User.Role.REGIONAL_COORDINATOR:
        ids = CoordinatorRegion.objects.filter(user=user).values("region_id")
        return Region.objects.filter(pk__in=ids).order_by("name")
    return Region.objects.none()


def region_latest_run(*, region_id: int) -> Run | None:
    """The latest finished run that published a snapshot of the area's municipalities."""
    return (
        Run.objects.filter(finished_at__isnull=False, snapshots__region_id=region_id)
        .order_by("-finished_at", "-pk")
        .distinct()
        .first()
    )


def _cells(run: Run, region_id: int) -> QuerySet[SnapshotCell]:
    return SnapshotCell.objects.filter(snapshot__run=run, snapshot__region_id=region_id)


def region_choices(*, run: Run | None, region_id: int) -> dict[str, list]:
    """The metrics, periods and breakdowns the area's snapshots of ``run`` publish."""
    if run is None:
        return {"metrics": [], "periods": [], "breakdowns": []}
    cells = _cells(run, region_id)
    metrics = sorted(set(cells.values_list("metric", flat=True)))
    periods = sorted(set(cells.values_list("period", flat=True)))
    breakdowns = sorted(
        set(cells.exclude(dimension=ALL).values_list("dimension", "category").distinct())
    )
    return {"metrics": metrics, "periods": periods, "breakdowns": breakdowns}


def _figure(cell: SnapshotCell) -> Figure:
    return Figure(count=cell.count, value=cell.value, suppressed=cell.suppressed)


def area_figure(metric: str, figures: dict[int, Figure], bases: dict[int, Figure]) -> AreaFigure:
    """The area's figure from the municipalities' published cells only."""
    published = {pk: f for pk, f in figures.items() if not f.suppressed and f.number is not None}
    suppressed = sum(1 for f in figures.values() if f.suppressed)
    if not published:
        return AreaFigure(total=None, mean=None, published=0, suppressed=suppressed)
    if is_count(metric):
        total = sum(int(f.count or 0) for f in published.values())
        mean = (Decimal(total) / len(published)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        return AreaFigure(total=total, mean=mean, published=len(published), suppressed=suppressed)
    if metric in UNWEIGHTED:
        values = [Decimal(f.value or 0) for f in published.values()]
        mean = (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)
        return AreaFigure(total=None, mean=mean, published=len(published), suppressed=suppressed)
    weighted, weight = Decimal(0), 0
    for pk, figure in published.items():
        base = bases.get(pk)
        if base is None or base.suppressed or not base.count:
            continue
        weighted += Decimal(figure.value or 0) * base.count
        weight += base.count
    weighted_mean = (weighted / weight).quantize(TWO_PLACES, ROUND_HALF_UP) if weight else None
    return AreaFigure(
        total=None, mean=weighted_mean, published=len(published), suppressed=suppressed
    )


def comparison_get(
    *,
    region: Region,
    metric: str,
    period: str,
    dimension: str = ALL,
    category: str = ALL,
    run: Run | None = None,
) -> Comparison:
    """The area's municipalities side by side for one cell, and its quarters as a trend.

    Reads the latest run that published the area (or ``run``). A municipality without the
    cell (nothing happened there) shows as absent; a suppressed one as suppressed.
    """
    run = run or region_latest_run(region_id=region.pk)
    result = Comparison(region, run, metric, period, dimension, category)
    if run is None:
        return result
    snapshots = Snapshot.objects.filter(run=run, region=region).select_related("municipality")
    result.municipalities = sorted(
        ((s.municipality_id, s.municipality.name) for s in snapshots), key=lambda row: row[1]
    )
    result.k = max((s.k for s in snapshots), default=None)
    base = base_metric(metric)
    wanted = [metric, base] if base else [metric]
    year = period.split("-", 1)[0]
    by_period: dict[tuple[str, str], dict[int, Figure]] = defaultdict(dict)
    for cell in _cells(run, region.pk).filter(
        metric__in=wanted, dimension=dimension, category=category, period__startswith=year
    ):
        by_period[(cell.metric, cell.period)][cell.snapshot.municipality_id] = _figure(cell)
    zero = {pk: Figure(count=0) for pk, _ in result.municipalities}

    def figures_of(name: str, label: str) -> dict[int, Figure]:
        found = by_period.get((name, label), {})
        if is_count(name):  # a count the snapshot does not have is zero there
            return {**zero, **found}
        return found

    result.figures = figures_of(metric, period)
    bases = figures_of(base, period) if base else {}
    result.area = area_figure(metric, result.figures, bases)
    result.trend_periods = [f"{year}-Q{quarter}" for quarter in range(1, 5)]
    for label in result.trend_periods:
        result.trend[label] = figures_of(metric, label)
        result.trend_area[label] = area_figure(
            metric, result.trend[label], figures_of(base, label) if base else {}
        )
    return result


def municipality_region(*, municipality_id: int) -> Region | None:
    """The area of the municipality's latest snapshot (its area when the run was made)."""
    snapshot = (
        Snapshot.objects.filter(municipality_id=municipality_id, run__finished_at__isnull=False)
        .select_related("region")
        .order_by("-run__finished_at", "-pk")
        .first()
    )
    return snapshot.region if snapshot else None
