"""Scores and change between two capacity assessments: pure functions, no database.

An assessment is reduced to a ``Snapshot``: the scale values, the dimensions with their item
codes in order, and the answers (item code -> value, ``None`` for "not observed"; an item
without an entry is missing). Every item is in one of four states (``AnswerState``), and the
states are never folded together: a missing answer is not a "not observed" one, and neither
counts as a value.

Rules (see ``docs/competence.md``):

- A dimension score is the mean of its observed items, reported with the number of observed,
  not-observed and missing items; no observed item gives no mean (``None``).
- An item's change is ``second - first`` when it is observed on both sides; otherwise it is
  ``None`` and ``reasons`` says why for each side (``missing_before``,
  ``not_observed_after``, ``not_in_version_before``, ...; the suffix is the side's name).
- A dimension's change is computed only over the items observed on both sides ("paired"):
  the mean of the second side's paired values minus the mean of the first side's, which is
  also the mean of the paired item changes. ``coverage`` is paired items / all items of the
  dimension on either side; no paired item gives ``None`` with ``no_paired_items``.
- Items and dimensions are matched by code, so two versions of an instrument (or a coach and a
  self-assessment instrument sharing codes) can be compared; an item only one version has is
  ``not_in_version`` on the other side. When the two scales have different values nothing is
  comparable and every change is ``None`` with ``scale_differs``.
- Means, changes and coverage are ``Decimal`` rounded half up to two places.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

TWO_PLACES = Decimal("0.01")
SCALE_DIFFERS = "scale_differs"
NO_PAIRED_ITEMS = "no_paired_items"


class AnswerState(StrEnum):
    OBSERVED = "observed"
    NOT_OBSERVED = "not_observed"
    MISSING = "missing"  # the item was in the instrument but left out of the assessment
    NOT_IN_VERSION = "not_in_version"  # the instrument version used has no such item


@dataclass(frozen=True)
class SnapshotDimension:
    code: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Snapshot:
    scale: tuple[int, ...]
    dimensions: tuple[SnapshotDimension, ...]
    answers: Mapping[str, int | None]

    def dimension(self, code: str) -> SnapshotDimension | None:
        return next((d for d in self.dimensions if d.code == code), None)

    def item_value(self, code: str) -> ItemValue:
        if not any(code in dimension.items for dimension in self.dimensions):
            return ItemValue(AnswerState.NOT_IN_VERSION)
        if code not in self.answers:
            return ItemValue(AnswerState.MISSING)
        value = self.answers[code]
        if value is None:
            return ItemValue(AnswerState.NOT_OBSERVED)
        return ItemValue(AnswerState.OBSERVED, value)


@dataclass(frozen=True)
class ItemValue:
    state: AnswerState
    value: int | None = None

    @property
    def observed(self) -> bool:
        return self.state == AnswerState.OBSERVED


@dataclass(frozen=True)
class DimensionScore:
    code: str
    mean: Decimal | None
    observed: int
    not_observed: int
    missing: int

    @property
    def items(self) -> int:
        return self.observed + self.not_observed + self.missing


@dataclass(frozen=True)
class ItemChange:
    code: str
    dimension: str
    first: ItemValue
    second: ItemValue
    change: int | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DimensionChange:
    code: str
    first: DimensionScore | None  # None when that side's version has no such dimension
    second: DimensionScore | None
    change: Decimal | None
    paired: int
    items: int
    coverage: Decimal
    reasons: tuple[str, ...]
    item_changes: tuple[ItemChange, ...]


@dataclass(frozen=True)
class Comparison:
    """Change from ``first`` to ``second``; ``sides`` names them in the reasons."""

    sides: tuple[str, str]
    dimensions: tuple[DimensionChange, ...]

    @property
    def items(self) -> tuple[ItemChange, ...]:
        return tuple(item for dimension in self.dimensions for item in dimension.item_changes)

    def dimension(self, code: str) -> DimensionChange:
        return next(d for d in self.dimensions if d.code == code)

    def item(self, code: str) -> ItemChange:
        return next(i for i in self.items if i.code == code)


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def dimension_score(snapshot: Snapshot, code: str) -> DimensionScore | None:
    """Score one dimension; ``None`` when the snapshot's version has no such dimension."""
    dimension = snapshot.dimension(code)
    if dimension is None:
        return None
    states = [snapshot.item_value(item) for item in dimension.items]
    observed = [state.value for state in states if state.observed and state.value is not None]
    mean = _mean(observed)
    return DimensionScore(
        code=code,
        mean=None if mean is None else _decimal(mean),
        observed=len(observed),
        not_observed=sum(state.state == AnswerState.NOT_OBSERVED for state in states),
        missing=sum(state.state == AnswerState.MISSING for state in states),
    )


def dimension_scores(snapshot: Snapshot) -> tuple[DimensionScore, ...]:
    """Score every dimension of the snapshot, in its order."""
    # Each of the snapshot's own dimensions has a score.
    return tuple(
        score
        for d in snapshot.dimensions
        if (score := dimension_score(snapshot, d.code)) is not None
    )


def _ordered_union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(code for code in second if code not in first)


def _side_reasons(value: ItemValue, side: str) -> tuple[str, ...]:
    return () if value.observed else (f"{value.state}_{side}",)


def compare(
    first: Snapshot, second: Snapshot, *, sides: tuple[str, str] = ("before", "after")
) -> Comparison:
    """Return the change from ``first`` to ``second`` per item and per dimension."""
    comparable = set(first.scale) == set(second.scale)
    dimension_codes = _ordered_union(
        tuple(d.code for d in first.dimensions), tuple(d.code for d in second.dimensions)
    )
    dimensions = []
    for code in dimension_codes:
        first_dimension, second_dimension = first.dimension(code), second.dimension(code)
        item_codes = _ordered_union(
            first_dimension.items if first_dimension else (),
            second_dimension.items if second_dimension else (),
        )
        item_changes = []
        for item_code in item_codes:
            before, after = first.item_value(item_code), second.item_value(item_code)
            item_reasons = _side_reasons(before, sides[0]) + _side_reasons(after, sides[1])
            if not comparable:
                item_reasons = (SCALE_DIFFERS, *item_reasons)
            # Without a reason both sides hold an observed value.
            difference = (
                after.value - before.value
                if not item_reasons and after.value is not None and before.value is not None
                else None
            )
            item_changes.append(
                ItemChange(item_code, code, before, after, difference, item_reasons)
            )
        paired = [item for item in item_changes if item.change is not None]
        reasons: tuple[str, ...] = ()
        if not comparable:
            reasons = (SCALE_DIFFERS,)
        for dimension, side in ((first_dimension, sides[0]), (second_dimension, sides[1])):
            if dimension is None:
                reasons += (f"{AnswerState.NOT_IN_VERSION}_{side}",)
        if not paired:
            reasons += (NO_PAIRED_ITEMS,)
        change = _mean([item.change for item in paired if item.change is not None])
        dimensions.append(
            DimensionChange(
                code=code,
                first=dimension_score(first, code),
                second=dimension_score(second, code),
                change=None if change is None else _decimal(change),
                paired=len(paired),
                items=len(item_codes),
                coverage=_decimal(Fraction(len(paired), len(item_codes)))
                if item_codes
                else Decimal("0.00"),
                reasons=reasons,
                item_changes=tuple(item_changes),
            )
        )
    return Comparison(sides=sides, dimensions=tuple(dimensions))


def change_between(before: Snapshot, after: Snapshot) -> Comparison:
    """Change over time: ``after - before``, sides named ``before`` and ``after``."""
    return compare(before, after, sides=("before", "after"))


def self_coach_difference(self_assessment: Snapshot, coach: Snapshot) -> Comparison:
    """Self-rating minus the coach's rating: positive means the trainee rates higher."""
    return compare(coach, self_assessment, sides=("coach", "self"))
