"""The pure change computations: scores, item and dimension change, missing values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from competence.capacity.change import (
    AnswerState,
    ItemValue,
    Snapshot,
    SnapshotDimension,
    change_between,
    compare,
    dimension_score,
    dimension_scores,
    self_coach_difference,
)

SCALE = (1, 2, 3, 4, 5)
DIMENSIONS = (
    SnapshotDimension("stamina", ("workday", "pace", "coping")),
    SnapshotDimension("learning", ("new_tasks", "tools")),
)


def snap(answers, dimensions=DIMENSIONS, scale=SCALE) -> Snapshot:
    return Snapshot(scale=scale, dimensions=dimensions, answers=answers)


# --- Item states ---------------------------------------------------------------------------


def test_item_states_keep_missing_and_not_observed_apart():
    snapshot = snap({"workday": 3, "pace": None})

    assert snapshot.item_value("workday") == ItemValue(AnswerState.OBSERVED, 3)
    assert snapshot.item_value("pace") == ItemValue(AnswerState.NOT_OBSERVED)
    assert snapshot.item_value("coping") == ItemValue(AnswerState.MISSING)
    assert snapshot.item_value("elsewhere") == ItemValue(AnswerState.NOT_IN_VERSION)


# --- Dimension scores ----------------------------------------------------------------------


def test_dimension_score_is_the_mean_of_observed_items_with_counts():
    score = dimension_score(snap({"workday": 2, "pace": 5, "coping": None}), "stamina")

    assert score.mean == Decimal("3.50")
    assert (score.observed, score.not_observed, score.missing, score.items) == (2, 1, 0, 3)


def test_dimension_score_counts_a_left_out_item_as_missing():
    score = dimension_score(snap({"workday": 4}), "stamina")

    assert score.mean == Decimal("4.00")
    assert (score.observed, score.not_observed, score.missing) == (1, 0, 2)


def test_dimension_without_any_observed_item_has_no_mean():
    score = dimension_score(snap({"workday": None}), "stamina")

    assert score.mean is None
    assert (score.observed, score.not_observed, score.missing) == (0, 1, 2)


def test_dimension_score_rounds_half_up_to_two_places():
    # (1 + 2 + 2) / 3 = 1.666... -> 1.67; (2 + 3) / 2 = 2.5 stays 2.50.
    scores = dimension_scores(
        snap({"workday": 1, "pace": 2, "coping": 2, "new_tasks": 2, "tools": 3})
    )

    assert [(s.code, s.mean) for s in scores] == [
        ("stamina", Decimal("1.67")),
        ("learning", Decimal("2.50")),
    ]


def test_dimension_not_in_the_version_has_no_score():
    assert dimension_score(snap({}), "motivation") is None


# --- Item change ---------------------------------------------------------------------------


def test_item_change_is_after_minus_before_when_both_observed():
    result = change_between(snap({"workday": 2}), snap({"workday": 4}))

    item = result.item("workday")
    assert (item.change, item.reasons) == (2, ())
    assert (item.first.value, item.second.value) == (2, 4)


def test_item_decline_is_negative():
    assert change_between(snap({"pace": 4}), snap({"pace": 1})).item("pace").change == -3


@pytest.mark.parametrize(
    ("before", "after", "reasons"),
    [
        ({}, {"workday": 3}, ("missing_before",)),
        ({"workday": 3}, {}, ("missing_after",)),
        ({"workday": None}, {"workday": 3}, ("not_observed_before",)),
        ({"workday": 3}, {"workday": None}, ("not_observed_after",)),
        ({}, {"workday": None}, ("missing_before", "not_observed_after")),
        ({"workday": None}, {}, ("not_observed_before", "missing_after")),
        ({}, {}, ("missing_before", "missing_after")),
    ],
)
def test_item_change_without_a_value_on_either_side_is_none_with_reasons(before, after, reasons):
    item = change_between(snap(before), snap(after)).item("workday")

    assert item.change is None
    assert item.reasons == reasons


# --- Dimension change ----------------------------------------------------------------------


def test_dimension_change_uses_only_items_observed_on_both_sides():
    # workday 2 -> 4 and pace 3 -> 4 are paired; coping 1 -> (not observed) is not.
    before = snap({"workday": 2, "pace": 3, "coping": 1})
    after = snap({"workday": 4, "pace": 4, "coping": None})

    stamina = change_between(before, after).dimension("stamina")

    assert stamina.change == Decimal("1.50")  # mean(4, 4) - mean(2, 3) = 4 - 2.5
    assert (stamina.paired, stamina.items, stamina.coverage) == (2, 3, Decimal("0.67"))
    assert stamina.reasons == ()
    # The full scores on each side still include every observed item.
    assert stamina.first.mean == Decimal("2.00")
    assert stamina.second.mean == Decimal("4.00")
    assert [i.change for i in stamina.item_changes] == [2, 1, None]


def test_dimension_change_differs_from_difference_of_full_means_when_coverage_is_partial():
    # Full means: before (1 + 5) / 2 = 3, after 5 -> naive change 2. Paired only: pace 5 -> 5 = 0.
    before = snap({"workday": 1, "pace": 5})
    after = snap({"pace": 5})

    stamina = change_between(before, after).dimension("stamina")

    assert stamina.second.mean - stamina.first.mean == Decimal("2.00")
    assert stamina.change == Decimal("0.00")
    assert stamina.paired == 1


def test_dimension_change_with_no_paired_item_is_none_with_reason():
    stamina = change_between(snap({"workday": 3}), snap({"pace": 4})).dimension("stamina")

    assert stamina.change is None
    assert stamina.reasons == ("no_paired_items",)
    assert (stamina.paired, stamina.coverage) == (0, Decimal("0.00"))


def test_dimension_change_rounds_the_mean_of_item_changes():
    # Item changes 1, 1, 0 -> 2/3 -> 0.67.
    before = snap({"workday": 1, "pace": 2, "coping": 3})
    after = snap({"workday": 2, "pace": 3, "coping": 3})

    assert change_between(before, after).dimension("stamina").change == Decimal("0.67")


def test_full_coverage_is_one():
    before = snap({"new_tasks": 1, "tools": 2})
    after = snap({"new_tasks": 3, "tools": 2})

    learning = change_between(before, after).dimension("learning")

    assert (learning.change, learning.coverage) == (Decimal("1.00"), Decimal("1.00"))


# --- Across versions -----------------------------------------------------------------------


def test_items_are_matched_by_code_across_versions():
    old = (SnapshotDimension("stamina", ("workday", "pace")),)
    new = (SnapshotDimension("stamina", ("workday", "coping")),)

    stamina = change_between(
        snap({"workday": 2, "pace": 3}, old), snap({"workday": 3, "coping": 4}, new)
    ).dimension("stamina")

    assert [(i.code, i.change, i.reasons) for i in stamina.item_changes] == [
        ("workday", 1, ()),
        ("pace", None, ("not_in_version_after",)),
        ("coping", None, ("not_in_version_before",)),
    ]
    assert (stamina.paired, stamina.items, stamina.change) == (1, 3, Decimal("1.00"))


def test_dimension_only_one_side_has_is_reported_not_dropped():
    old = (SnapshotDimension("stamina", ("workday",)),)
    new = (
        SnapshotDimension("stamina", ("workday",)),
        SnapshotDimension("motivation", ("engagement",)),
    )

    result = change_between(snap({"workday": 2}, old), snap({"workday": 2, "engagement": 4}, new))

    motivation = result.dimension("motivation")
    assert [d.code for d in result.dimensions] == ["stamina", "motivation"]
    assert motivation.first is None
    assert motivation.second.mean == Decimal("4.00")
    assert motivation.change is None
    assert motivation.reasons == ("not_in_version_before", "no_paired_items")


def test_different_scales_are_not_compared():
    before = snap({"workday": 2}, scale=(1, 2, 3, 4))
    after = snap({"workday": 4})

    result = change_between(before, after)

    assert result.item("workday").change is None
    assert result.item("workday").reasons == ("scale_differs",)
    assert result.dimension("stamina").change is None
    assert result.dimension("stamina").reasons[0] == "scale_differs"


# --- Self versus coach ---------------------------------------------------------------------


def test_self_minus_coach_is_positive_when_the_trainee_rates_higher():
    coach = snap({"workday": 2, "pace": 3, "coping": None})
    own = snap({"workday": 4, "pace": 3, "coping": 2})

    result = self_coach_difference(own, coach)

    assert result.sides == ("coach", "self")
    assert result.item("workday").change == 2
    assert result.item("pace").change == 0
    assert result.item("coping").reasons == ("not_observed_coach",)
    assert result.dimension("stamina").change == Decimal("1.00")


def test_self_instrument_with_fewer_items_is_compared_on_shared_codes():
    coach_dimensions = (SnapshotDimension("stamina", ("workday", "pace", "coping")),)
    self_dimensions = (SnapshotDimension("stamina", ("workday", "coping")),)

    stamina = self_coach_difference(
        snap({"workday": 5, "coping": 4}, self_dimensions),
        snap({"workday": 3, "pace": 3, "coping": 3}, coach_dimensions),
    ).dimension("stamina")

    assert stamina.change == Decimal("1.50")  # (2 + 1) / 2
    assert (stamina.paired, stamina.items) == (2, 3)
    assert stamina.item_changes[1].reasons == ("not_in_version_self",)


def test_compare_keeps_first_sides_order_then_adds_the_rest():
    first = snap({}, (SnapshotDimension("b", ("b1",)), SnapshotDimension("a", ("a1",))))
    second = snap({}, (SnapshotDimension("a", ("a1", "a2")), SnapshotDimension("c", ("c1",))))

    result = compare(first, second, sides=("x", "y"))

    assert [d.code for d in result.dimensions] == ["b", "a", "c"]
    assert [i.code for i in result.dimension("a").item_changes] == ["a1", "a2"]
    assert result.item("a2").reasons == ("not_in_version_x", "missing_y")
