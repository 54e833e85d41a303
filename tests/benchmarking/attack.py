"""An attacker who knows how the tables fit together and tries to recover every hidden cell.

Written independently of ``benchmarking.disclosure``: the relations are derived here from the
published cells alone, and the linear algebra is a dense rank computation, not the module's
sparse elimination.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from fractions import Fraction

ALL = "all"


def published_relations(cells: Iterable[tuple]) -> list[tuple[tuple, tuple[tuple, ...]]]:
    """``(total, parts)`` pairs: breakdowns add up to totals, quarters add up to years.

    ``cells`` are ``(municipality, metric, period, dimension, category)`` tuples.
    """
    cells = set(cells)
    relations = []
    groups = defaultdict(list)
    for cell in cells:
        municipality, metric, period, dimension, _category = cell
        if dimension != ALL:
            groups[(municipality, metric, period, dimension)].append(cell)
    for (municipality, metric, period, _dimension), parts in groups.items():
        total = (municipality, metric, period, ALL, ALL)
        if total in cells:
            relations.append((total, tuple(parts)))
    for cell in cells:
        municipality, metric, period, dimension, category = cell
        if "-" in period:
            continue
        parts = tuple(
            (municipality, metric, f"{period}-Q{n}", dimension, category) for n in range(1, 5)
        )
        if all(part in cells for part in parts):
            relations.append((cell, parts))
    return relations


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(row) for row in rows]
    rank = 0
    columns = len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def recovered_by_subtraction(relations, hidden: set) -> set:
    """Hidden cells that one relation gives away: the only hidden member of a relation."""
    found = set()
    for total, parts in relations:
        members = {total, *parts}
        unknown = members & hidden
        if len(unknown) == 1:
            found |= unknown
    return found


def _components(relations, hidden: set) -> list[list]:
    """Relations grouped by the hidden cells they share; each group is solved on its own."""
    groups: list[tuple[set, list]] = []
    for total, parts in relations:
        unknown = {total, *parts} & hidden
        if not unknown:
            continue
        joined = [g for g in groups if g[0] & unknown]
        cells, members = set(unknown), [(total, parts)]
        for group in joined:
            cells |= group[0]
            members += group[1]
            groups.remove(group)
        groups.append((cells, members))
    return [members for _cells, members in groups]


def recovered_by_linear_algebra(relations, hidden: set) -> set:
    """Hidden cells fixed by all the relations together (exact rationals).

    ``x_j`` is determined iff column ``j`` of the hidden-cell matrix is not in the span of the
    other columns, i.e. removing it lowers the rank.
    """
    found = set()
    for component in _components(relations, hidden):
        columns = sorted({c for t, p in component for c in (t, *p)} & hidden, key=repr)
        index = {cell: i for i, cell in enumerate(columns)}
        rows = []
        for total, parts in component:
            row = [Fraction(0)] * len(columns)
            for part in parts:
                if part in index:
                    row[index[part]] += 1
            if total in index:
                row[index[total]] -= 1
            if any(row):
                rows.append(row)
        full = _rank(rows)
        for cell, j in index.items():
            if _rank([row[:j] + row[j + 1 :] for row in rows]) < full:
                found.add(cell)
    return found
