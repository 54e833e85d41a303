"""Statistical disclosure control of count tables: pure functions, no database.

A municipality's published figures are counts in cells. Cells are tied together by linear
*relations*: every breakdown of a population sums to its total, and the quarters of a year sum
to the year (see ``docs/benchmarking.md``). A ``Relation`` says ``sum(parts) == total``.

``protect`` decides which cells are hidden:

1. Primary suppression: a cell with ``0 < count < k`` persons.
2. Complementary suppression: a relation with exactly one hidden member would give it away by
   subtraction, so the smallest other member is hidden too (a part before the total). Repeated
   until every relation has zero or at least two hidden members.
3. Audit: that rule is necessary but not sufficient (several relations together can still
   pin a cell down), so the hidden cells are solved as a linear system with exact rationals;
   while some hidden cell is uniquely determined by the published cells, one more cell of a
   relation it is in is hidden.

Rates and means are published only where their base count is published (``value_visible``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

DEFAULT_K = 7
MIN_K = 5

# Any hashable cell key (``Any``: a Mapping is invariant in its key type, so ``Hashable`` would
# refuse a ``dict[Cell, int]``).
Key = Any


@dataclass(frozen=True)
class Relation:
    """``sum(parts) == total``: a breakdown of a population, or quarters adding to a year."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        return (*self.parts, self.total)

    def coefficients(self) -> dict[Key, int]:
        coefficients: dict[Key, int] = defaultdict(int)
        for part in self.parts:
            coefficients[part] += 1
        coefficients[self.total] -= 1
        return dict(coefficients)


def check_k(k: int) -> int:
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    return k


def primary_suppressed(counts: Mapping[Key, int], k: int) -> set[Key]:
    """Cells that describe between one and ``k - 1`` persons."""
    check_k(k)
    return {key for key, count in counts.items() if 0 < count < k}


def _sort_key(counts: Mapping[Key, int], key: Key) -> tuple:
    # Positive counts first (hiding a zero protects little), then the smallest, then a stable
    # order independent of hashing.
    count = counts[key]
    return (count == 0, count, repr(key))


def _complement(relation: Relation, hidden: set[Key], counts: Mapping[Key, int]) -> Key | None:
    parts = [key for key in relation.parts if key not in hidden]
    if parts:
        return min(parts, key=lambda key: _sort_key(counts, key))
    return None if relation.total in hidden else relation.total


def _complete_relations(
    relations: Sequence[Relation], hidden: set[Key], counts: Mapping[Key, int]
) -> None:
    """Hide cells until no relation has exactly one hidden member (in place)."""
    by_member: dict[Key, list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        for member in set(relation.members):
            by_member[member].append(index)
    queue = sorted({i for key in hidden for i in by_member.get(key, ())})
    while queue:
        index = queue.pop()
        relation = relations[index]
        members = set(relation.members)
        if len(members & hidden) != 1:
            continue
        extra = _complement(relation, hidden, counts)
        if extra is None:
            continue
        hidden.add(extra)
        queue.extend(by_member[extra])


def _components(relations: Sequence[Relation], hidden: set[Key]) -> list[list[Relation]]:
    """Relations that share hidden cells, grouped (they can only be solved together)."""
    parent: dict[Key, Key] = {}

    def find(key: Key) -> Key:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    touching = []
    for relation in relations:
        members = [m for m in relation.members if m in hidden]
        if not members:
            continue
        touching.append((relation, members))
        root = find(members[0])
        for member in members[1:]:
            parent[find(member)] = root
    groups: dict[Key, list[Relation]] = defaultdict(list)
    for relation, members in touching:
        groups[find(members[0])].append(relation)
    return list(groups.values())


def determined_cells(relations: Iterable[Relation], hidden: set[Key]) -> set[Key]:
    """Hidden cells whose value follows from the published cells and the relations.

    Each relation restricted to the hidden cells is a row of a matrix ``A`` (the published
    cells move to the right-hand side). A hidden cell ``x_j`` is fixed exactly when ``e_j`` is
    in the row space of ``A``: in the reduced row echelon form that is a pivot row with no
    other non-zero entry. Rows are sparse dicts of ``Fraction``.
    """
    determined: set[Key] = set()
    for component in _components(list(relations), hidden):
        rows: list[dict[Key, Fraction]] = []
        for relation in component:
            row = {
                key: Fraction(value)
                for key, value in relation.coefficients().items()
                if key in hidden and value
            }
            if row:
                rows.append(row)
        pivots: dict[Key, dict[Key, Fraction]] = {}
        for row in rows:
            row = dict(row)
            for column, pivot_row in pivots.items():
                factor = row.get(column)
                if factor:
                    for key, value in pivot_row.items():
                        updated = row.get(key, Fraction(0)) - factor * value
                        if updated:
                            row[key] = updated
                        else:
                            row.pop(key, None)
            if not row:
                continue
            column = min(row, key=repr)
            scale = row[column]
            row = {key: value / scale for key, value in row.items()}
            for other in pivots.values():
                factor = other.get(column)
                if factor:
                    for key, value in row.items():
                        updated = other.get(key, Fraction(0)) - factor * value
                        if updated:
                            other[key] = updated
                        else:
                            other.pop(key, None)
            pivots[column] = row
        determined |= {column for column, row in pivots.items() if len(row) == 1}
    return determined


def protect(
    counts: Mapping[Key, int],
    relations: Sequence[Relation],
    *,
    k: int = DEFAULT_K,
) -> set[Key]:
    """Return the cells to hide so that none of the small cells can be recovered."""
    hidden = primary_suppressed(counts, k)
    relations = [r for r in relations if all(m in counts for m in r.members)]
    by_member: dict[Key, list[Relation]] = defaultdict(list)
    for relation in relations:
        for member in set(relation.members):
            by_member[member].append(relation)
    while True:
        _complete_relations(relations, hidden, counts)
        leaking = determined_cells(relations, hidden)
        if not leaking:
            return hidden
        grown = False
        for key in sorted(leaking, key=repr):
            candidates = {
                member
                for relation in by_member[key]
                for member in relation.members
                if member not in hidden
            }
            if candidates:
                hidden.add(min(candidates, key=lambda member: _sort_key(counts, member)))
                grown = True
        if not grown:  # nothing left to hide next to the leaking cells
            return hidden


def value_visible(base_key: Key, hidden: set[Key]) -> bool:
    """A rate or mean is published only where the count it is computed over is."""
    return base_key not in hidden
