"""The shape of a municipality's published tables and the relations between their cells.

A cell is ``(metric, period, dimension, category)``. Periods are a year (``"2026"``) or one of
its quarters (``"2026-Q1"``): nothing finer than a quarter is ever published. Every metric has
a total cell (dimension and category ``"all"``) and one-way breakdowns whose categories add up
to it. Pure functions; ``disclosure.protect`` works on what they return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from .disclosure import Relation, protect, value_visible

ALL = "all"
QUARTERS = ("Q1", "Q2", "Q3", "Q4")


class Cell(NamedTuple):
    metric: str
    period: str
    dimension: str
    category: str


def year_of(period: str) -> str:
    return period.split("-", 1)[0]


def quarters_of(year: str) -> tuple[str, ...]:
    return tuple(f"{year}-{quarter}" for quarter in QUARTERS)


def complete_grid(counts: Mapping[Cell, int]) -> dict[Cell, int]:
    """Add the zero cells so every period of a year shows every category of each breakdown.

    A category missing from one quarter would otherwise hide that it is zero there, and the
    relations below need the full grid.
    """
    categories: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for cell in counts:
        categories[(cell.metric, year_of(cell.period), cell.dimension)].add(cell.category)
        # Every metric that has a cell in a year has its total there.
        categories[(cell.metric, year_of(cell.period), ALL)].add(ALL)
    grid = dict(counts)
    for (metric, year, dimension), names in categories.items():
        for period in (year, *quarters_of(year)):
            for category in names:
                grid.setdefault(Cell(metric, period, dimension, category), 0)
    return grid


def relations_for(cells: Iterable[Cell]) -> list[Relation]:
    """Every linear relation a reader can use between the published cells.

    Each breakdown adds up to its total; each cell of a year is the sum of the same cell in
    the year's quarters. The second is exact for events (starts, ends, certificates) and
    conservative for persons (someone present in two quarters counts once in the year): we
    protect as if it held everywhere, so sums behind means are covered too.
    """
    cells = set(cells)
    breakdowns: dict[tuple[str, str, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        if cell.dimension != ALL:
            breakdowns[(cell.metric, cell.period, cell.dimension)].append(cell)
    relations = []
    for (metric, period, _dimension), parts in sorted(breakdowns.items()):
        total = Cell(metric, period, ALL, ALL)
        if total in cells:
            relations.append(Relation(total=total, parts=tuple(sorted(parts))))
    for cell in sorted(cells):
        if "-" in cell.period:
            continue
        quarter_cells = tuple(
            Cell(cell.metric, quarter, cell.dimension, cell.category)
            for quarter in quarters_of(cell.period)
        )
        if all(part in cells for part in quarter_cells):
            relations.append(Relation(total=cell, parts=quarter_cells))
    return relations


@dataclass(frozen=True)
class Figures:
    """What one municipality computed: counts of persons or events, and rates/means over them.

    ``values`` maps a cell to ``(value, base)``: the count cell the value is computed over.
    """

    counts: dict[Cell, int]
    values: dict[Cell, tuple[Decimal | None, Cell]]


@dataclass(frozen=True)
class PublishedCell:
    cell: Cell
    count: int | None
    value: Decimal | None
    suppressed: bool


def publish(figures: Figures, *, k: int) -> list[PublishedCell]:
    """The cells as they may leave the municipality: small and revealing cells hidden."""
    counts = complete_grid(figures.counts)
    hidden = protect(counts, relations_for(counts), k=k)
    published = [
        PublishedCell(cell, None if cell in hidden else count, None, cell in hidden)
        for cell, count in sorted(counts.items())
    ]
    for cell, (value, base) in sorted(figures.values.items()):
        visible = value is not None and base in counts and value_visible(base, hidden)
        published.append(PublishedCell(cell, None, value if visible else None, not visible))
    return published
