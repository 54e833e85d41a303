"""Server-side SVG line charts of the capacity trajectory: geometry here, markup in
``web/capacity/_chart.html``. No script and no style attributes (the CSP allows neither);
colours and dashes are SVG presentation attributes. The table beside each chart carries the
same numbers, so the chart is decoration for those who can see it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from competence.capacity.models import RaterType
from competence.capacity.screen_selectors import DimensionTrajectory

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 30, 12, 12, 30
# Colour and dash per rater type: told apart by the dash as well as the colour.
STYLES: dict[str, tuple[str, str]] = {
    RaterType.COACH: ("#0000bf", ""),
    RaterType.SELF: ("#bd2719", "6 4"),
    RaterType.SUPERVISOR: ("#00805c", "2 4"),
}


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: Decimal


@dataclass(frozen=True)
class ChartLine:
    rater_type: str
    label: str
    stroke: str
    dash: str
    points: tuple[ChartPoint, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: the outermost labels stay inside the chart


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    lines: tuple[ChartLine, ...]


def trajectory_chart(
    dimension: DimensionTrajectory, scale: tuple[int, ...], raters: tuple[str, ...]
) -> Chart:
    """One dimension's means per occasion, one line per rater type, on the scale's range.

    A missing mean (nothing observed, or not assessed) leaves a gap in the points; the line
    joins the points there are.
    """
    low, high = (min(scale), max(scale)) if scale else (1, 5)
    span = max(high - low, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(dimension.rows)

    def x_of(index: int) -> float:
        return LEFT + (plot_w / 2 if count == 1 else plot_w * index / (count - 1))

    def y_of(value: Decimal | int) -> float:
        return TOP + plot_h * (1 - (float(value) - low) / span)

    lines = []
    for rater_type in raters:
        stroke, dash = STYLES.get(rater_type, ("#1a1a1a", ""))
        points = []
        for index, row in enumerate(dimension.rows):
            score = row.scores.get(rater_type)
            if score is not None and score.mean is not None:
                points.append(ChartPoint(x_of(index), y_of(score.mean), score.mean))
        lines.append(
            ChartLine(
                rater_type=rater_type,
                label=str(RaterType(rater_type).label),
                stroke=stroke,
                dash=dash,
                points=tuple(points),
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        y_ticks=tuple(Tick(y_of(value), str(value)) for value in range(low, high + 1)),
        x_ticks=tuple(
            Tick(x_of(i), row.label, _anchor(i, count)) for i, row in enumerate(dimension.rows)
        ),
        lines=tuple(lines),
    )


def _anchor(index: int, count: int) -> str:
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"
