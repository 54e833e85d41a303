"""Disclosure control: small cells are hidden and no hidden cell can be recovered."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarking.disclosure import Relation, check_k, determined_cells, protect
from benchmarking.tables import ALL, Cell, Figures, complete_grid, publish, relations_for

from .attack import published_relations, recovered_by_linear_algebra, recovered_by_subtraction


def _figures_from_people(people, dimensions, metric="starts", year="2026") -> Figures:
    """Count persons (each with a quarter and one category per dimension) into cells."""
    counts: Counter = Counter()
    for quarter, categories in people:
        for period in (year, f"{year}-Q{quarter}"):
            counts[Cell(metric, period, ALL, ALL)] += 1
            for dimension, category in zip(dimensions, categories, strict=True):
                counts[Cell(metric, period, dimension, category)] += 1
    return Figures(counts=dict(counts), values={})


def _attack(published) -> tuple[set, set]:
    cells = {("m", *p.cell) for p in published if p.count is not None or p.suppressed}
    count_cells = {("m", *p.cell) for p in published if p.value is None}
    hidden = {("m", *p.cell) for p in published if p.suppressed and p.value is None}
    relations = published_relations(count_cells & cells)
    return recovered_by_subtraction(relations, hidden), recovered_by_linear_algebra(
        relations, hidden
    )


def test_k_is_never_below_five():
    assert check_k(5) == 5
    with pytest.raises(ValueError, match="at least 5"):
        check_k(4)
    with pytest.raises(ValueError, match="at least 5"):
        protect({"a": 1}, [], k=3)


def test_a_lone_small_cell_gets_a_complement():
    # women 3, men 20, total 23: hiding only the 3 leaks it as 23 - 20.
    counts = {"total": 23, "women": 3, "men": 20}
    hidden = protect(counts, [Relation("total", ("women", "men"))], k=7)
    assert hidden == {"women", "men"}


def test_the_smallest_other_cell_is_the_complement():
    counts = {"t": 40, "a": 2, "b": 9, "c": 29}
    assert protect(counts, [Relation("t", ("a", "b", "c"))], k=7) == {"a", "b"}


def test_a_small_total_forces_a_part_too():
    counts = {"t": 6, "a": 0, "b": 6}
    # The total is small; hiding it alone would leak it as 0 + 6, and b (6) is small too.
    assert protect(counts, [Relation("t", ("a", "b"))], k=7) == {"t", "b"}


def test_suppression_spreads_to_another_breakdown_of_the_same_total():
    # Gender hides a part and its complement; the total stays. Service form is untouched.
    counts = {"t": 30, "w": 4, "m": 26, "s1": 15, "s2": 15}
    relations = [Relation("t", ("w", "m")), Relation("t", ("s1", "s2"))]
    assert protect(counts, relations, k=7) == {"w", "m"}


def test_quarters_of_a_year_are_protected_together():
    # Q1 women = 3 is small; the year's women and the other quarters would give it away.
    people = [(1, ("w",))] * 3 + [(1, ("m",))] * 10 + [(q, ("w",)) for q in (2, 3, 4)] * 9
    people += [(q, ("m",)) for q in (2, 3, 4)] * 9
    published = publish(_figures_from_people(people, ["gender"]), k=7)
    subtraction, algebra = _attack(published)
    assert subtraction == set()
    assert algebra == set()
    hidden = {p.cell for p in published if p.suppressed}
    assert Cell("starts", "2026-Q1", "gender", "w") in hidden


def test_determined_cells_sees_through_several_relations():
    # x hidden with y in r1, y hidden with x in r2 where y is a total: x - y known and x + y
    # known, so both are fixed although each relation has two hidden members.
    relations = [Relation("s", ("x", "y", "p")), Relation("y", ("x", "q"))]
    assert determined_cells(relations, {"x", "y"}) == {"x", "y"}
    counts = {"s": 20, "x": 2, "y": 9, "p": 9, "q": 7}
    hidden = protect(counts, relations, k=7)
    assert determined_cells(relations, hidden) == set()


def test_means_follow_their_base_count():
    people = [(1, ("w",))] * 2 + [(1, ("m",))] * 10
    counts = _figures_from_people(people, ["gender"], metric="ends").counts
    values = {
        Cell("period_length", "2026", dimension, category): (
            Decimal(mean),
            Cell("ends", "2026", dimension, category),
        )
        for dimension, category, mean in (
            (ALL, ALL, "100"),
            ("gender", "w", "80"),
            ("gender", "m", "104"),
        )
    }
    published = {p.cell: p for p in publish(Figures(counts, values), k=7)}
    assert published[Cell("period_length", "2026", ALL, ALL)].value == Decimal("100")
    assert published[Cell("period_length", "2026", "gender", "w")].value is None
    # Its complement hides the men's mean too, else 12 × 100 − 10 × 104 gives the women's sum.
    assert published[Cell("period_length", "2026", "gender", "m")].value is None


people_strategy = st.lists(
    st.tuples(
        st.integers(1, 4),
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from(["x", "y", "z", "w"]),
            st.sampled_from(["p", "q"]),
        ),
    ),
    max_size=70,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=people_strategy,
    second=people_strategy,
    k=st.integers(5, 9),
    dimensions=st.integers(1, 3),
)
def test_no_hidden_cell_can_be_recovered(people, second, k, dimensions):
    """Two metrics, up to three breakdowns, quarters and the year: the attacker never wins."""
    names = ["service_form", "target_group", "age_band"][:dimensions]
    first = _figures_from_people([(q, c[:dimensions]) for q, c in people], names, "starts")
    other = _figures_from_people([(q, c[:dimensions]) for q, c in second], names, "ends")
    figures = Figures(counts={**first.counts, **other.counts}, values={})
    published = publish(figures, k=k)

    grid = complete_grid(figures.counts)
    for item in published:
        if item.count is not None:
            assert item.count == grid[item.cell]
            assert not 0 < item.count < k, "a small cell was published"
        else:
            assert item.suppressed
    subtraction, algebra = _attack(published)
    assert subtraction == set()
    assert algebra == set()


@settings(max_examples=100, deadline=None)
@given(
    counts=st.lists(st.integers(0, 30), min_size=2, max_size=6),
    other=st.lists(st.integers(0, 30), min_size=2, max_size=6),
    k=st.integers(5, 9),
)
def test_two_breakdowns_of_one_total_never_leak(counts, other, k):
    """Arbitrary splits of one total (the second padded to add up to the same total)."""
    total = sum(counts)
    rest = total - sum(other[:-1])
    if rest < 0:
        return
    other = [*other[:-1], rest]
    cells = {("t",): total}
    cells |= {("a", i): v for i, v in enumerate(counts)}
    cells |= {("b", i): v for i, v in enumerate(other)}
    relations = [
        Relation(("t",), tuple(("a", i) for i in range(len(counts)))),
        Relation(("t",), tuple(("b", i) for i in range(len(other)))),
    ]
    hidden = protect(cells, relations, k=k)
    assert {key for key, v in cells.items() if 0 < v < k} <= hidden
    attack_relations = [(r.total, r.parts) for r in relations]
    assert recovered_by_subtraction(attack_relations, hidden) == set()
    assert recovered_by_linear_algebra(attack_relations, hidden) == set()


def test_relations_for_ties_breakdowns_and_quarters():
    cells = complete_grid({Cell("m", "2026-Q1", ALL, ALL): 1, Cell("m", "2026-Q1", "g", "w"): 1})
    relations = relations_for(cells)
    totals = {relation.total for relation in relations}
    assert Cell("m", "2026", ALL, ALL) in totals  # the year's total from its quarters
    assert Cell("m", "2026", "g", "w") in totals  # each year cell from its quarters
    assert Cell("m", "2026-Q3", ALL, ALL) in totals  # each quarter's breakdown


def test_the_attacker_catches_naive_suppression():
    """The attack has teeth: hiding only the small cells (or one complement per row) leaks."""
    relations = [(("t",), (("a",), ("b",), ("c",))), (("t",), (("x",), ("y",)))]
    assert recovered_by_subtraction(relations, {("a",)}) == {("a",)}
    # Each relation has two hidden members, yet x + y and y - x are both known.
    chained = [(("s",), (("x",), ("y",), ("p",))), (("y",), (("x",), ("q",)))]
    assert recovered_by_linear_algebra(chained, {("x",), ("y",)}) == {("x",), ("y",)}
