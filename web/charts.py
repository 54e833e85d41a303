"""Bar charts drawn on the server as SVG, each with the same numbers as a table beside it.

No JavaScript and no inline styles (the Content-Security-Policy is ``'self'`` only): the
geometry is computed here, the template ``web/_bar_chart.html`` writes it as SVG attributes and
valmo.css colours it by class. The SVG works in PDFs as well. A chart is an image with a title
and a description for screen readers; the table under it carries the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

WIDTH = 640
HEIGHT = 240
LEFT = 40  # room for the scale's numbers
BOTTOM = 40  # room for the bars' labels
TOP = 20  # room for the values above the bars
MAX_LABELS = 10  # bar labels that fit under the chart


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    show_label: bool = True  # under the bar; crowded charts label every few bars


@dataclass(frozen=True)
class Rule:
    """A horizontal reference line, such as a limit."""

    label: str | Promise
    value: Decimal | int
    y: float
    kind: str  # a CSS modifier: "soft", "hard"


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str | Promise
    description: str | Promise
    value_label: str | Promise  # the table's column heading for the values
    bars: list[Bar]
    rules: list[Rule] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    bottom: int = HEIGHT - BOTTOM
    left: int = LEFT
    extra_columns: list[tuple[str | Promise, list]] = field(default_factory=list)

    @property
    def table_rows(self) -> list[tuple[str, Decimal | int, list]]:
        """(label, value, the extra columns' values) for each bar: the table's rows."""
        return [
            (bar.label, bar.value, [values[index] for _, values in self.extra_columns])
            for index, bar in enumerate(self.bars)
        ]


def _nice_max(value: float) -> int:
    """A round top for the scale: 1, 2, 5 or 10 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def bar_chart(
    *,
    id: str,
    title: str | Promise,
    description: str | Promise,
    value_label: str | Promise,
    values: list[tuple[str, Decimal | int]],
    rules: list[tuple[str | Promise, Decimal | int, str]] = (),  # type: ignore[assignment]
    extra_columns: list[tuple[str | Promise, list]] = (),  # type: ignore[assignment]
) -> BarChart:
    """Lay out ``values`` as bars under reference lines (``rules``: label, value, kind)."""
    top_value = _nice_max(
        max([float(v) for _, v in values] + [float(v) for _, v, _ in rules] + [0])
    )
    plot_height = HEIGHT - BOTTOM - TOP
    plot_width = WIDTH - LEFT - 10
    bottom = HEIGHT - BOTTOM

    def y_of(value: Decimal | int) -> float:
        return round(bottom - float(value) / top_value * plot_height, 1)

    slot = plot_width / max(len(values), 1)
    every = max(-(-len(values) // MAX_LABELS), 1)  # ceiling: 1 up to MAX_LABELS bars
    width = round(min(slot * 0.7, 80), 1)
    bars = []
    for index, (label, value) in enumerate(values):
        x = round(LEFT + index * slot + (slot - width) / 2, 1)
        y = y_of(value)
        bars.append(
            Bar(
                label=label,
                value=value,
                x=x,
                y=y,
                width=width,
                height=round(bottom - y, 1),
                label_x=round(x + width / 2, 1),
                show_label=index % every == 0,
            )
        )
    steps = (0, top_value // 2, top_value) if top_value % 2 == 0 else (0, top_value)
    return BarChart(
        id=id,
        title=title,
        description=description,
        value_label=value_label,
        bars=bars,
        rules=[
            Rule(label=label, value=value, y=y_of(value), kind=kind) for label, value, kind in rules
        ],
        ticks=[Tick(value=v, y=y_of(v)) for v in dict.fromkeys(steps)],
        extra_columns=list(extra_columns),
    )


# --- The web app's charts --------------------------------------------------------------------


def group_size_chart(capacity: list) -> BarChart | None:
    """Each coach's group against the tenant's soft and hard limits (the same for all)."""
    if not capacity:
        return None
    first = capacity[0]
    return bar_chart(
        id="chart-group-size",
        title=gettext("Group size against the limits"),
        description=gettext(
            "Trainees in each work coach's group; the dashed lines are the soft limit "
            "(%(soft)s) and the hard limit (%(hard)s)."
        )
        % {"soft": first.group_size_soft_limit, "hard": first.group_size_hard_limit},
        value_label=gettext("Group"),
        values=[(coach.get_full_name() or coach.email, coach.group_size) for coach in capacity],
        rules=[
            (gettext("Soft limit"), first.group_size_soft_limit, "soft"),
            (gettext("Hard limit"), first.group_size_hard_limit, "hard"),
        ],
    )


def attendance_chart(days: list) -> BarChart:
    """Trainees present on each working day; the table adds the absent ones."""
    return bar_chart(
        id="chart-attendance",
        title=gettext("Daily attendance in the last four weeks"),
        description=gettext(
            "Trainees present on each working day of the last four weeks, from the daily log."
        ),
        value_label=gettext("Present"),
        values=[(date_format(day.day, "j.n."), day.present) for day in days],
        extra_columns=[(gettext("Absent"), [day.absent for day in days])],
    )


def hours_chart(weeks: list) -> BarChart:
    """Logged hours in each week of the trainee's period."""
    return bar_chart(
        id="chart-hours",
        title=gettext("Logged hours per week"),
        description=gettext(
            "Hours in the daily log for each week of the period, labelled by the week's Monday."
        ),
        value_label=gettext("Hours"),
        values=[(date_format(week.week_start, "j.n."), week.hours) for week in weeks],
    )


def task_levels_chart(levels: list) -> BarChart | None:
    """Each assigned task's level now; the table adds the first level and the changes."""
    if not levels:
        return None
    return bar_chart(
        id="chart-task-levels",
        title=gettext("Task levels"),
        description=gettext(
            "The difficulty level of each task assigned in the period now; the table also "
            "shows the level it was first assigned at and the number of level changes."
        ),
        value_label=gettext("Level now"),
        values=[(row.task, row.level) for row in levels],
        extra_columns=[
            (gettext("First level"), [row.start_level for row in levels]),
            (gettext("Level changes"), [row.changes for row in levels]),
        ],
    )


def indicator_chart(instrument: dict, index: int = 0) -> BarChart | None:
    """A report's indicator: each dimension's mean at the last occasion; the table adds the
    first occasion's mean, the change and the items observed on both."""
    dimensions = [row for row in instrument["dimensions"] if row["last"] is not None]
    if not dimensions:
        return None
    return bar_chart(
        id=f"chart-indicator-{index}",
        title=gettext("%(instrument)s: from %(first)s to %(last)s")
        % {
            "instrument": instrument["instrument"],
            "first": instrument["first"]["occasion"],
            "last": instrument["last"]["occasion"],
        },
        description=gettext(
            "The mean of each dimension at the last occasion; the table also shows the first "
            "occasion's mean, the change and the items observed on both occasions."
        ),
        value_label=instrument["last"]["occasion"],
        values=[(row["name"], Decimal(row["last"])) for row in dimensions],
        extra_columns=[
            (
                instrument["first"]["occasion"],
                [Decimal(row["first"]) if row["first"] else "–" for row in dimensions],
            ),
            (
                gettext("Change"),
                [Decimal(row["change"]) if row["change"] else "–" for row in dimensions],
            ),
            (
                gettext("Items on both"),
                [f"{row['paired']}/{row['items']}" for row in dimensions],
            ),
        ],
    )
