"""Reads: current versions, change between occasions, trajectory, self versus coach."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competence.capacity import selectors, services
from competence.capacity.models import Assessment

from .conftest import BASELINE_DAY, FINAL_DAY, INTERIM_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(make_period):
    return make_period("coaching")


def rate(actor, period, version, occasion, answers, day, rater_type="coach", **extra):
    return services.capacity_assessment_submit(
        actor=actor,
        period=period,
        version=version,
        occasion=occasion,
        rater_type=rater_type,
        assessed_on=day,
        answers=answers,
        **extra,
    )


def _fields(error) -> list[str]:
    return list(error.value.message_dict)


def test_current_versions_are_the_newest_published_of_instruments_in_use(
    staff, coach_version, self_version
):
    copy = services.capacity_instrument_copy(actor=staff.admin, version=self_version, code="oma")
    services.capacity_version_publish(actor=staff.admin, version=copy)
    second = services.capacity_version_draft_create(actor=staff.admin, instrument=copy.instrument)
    services.capacity_version_publish(actor=staff.admin, version=second)
    services.capacity_version_draft_create(actor=staff.admin, instrument=copy.instrument)
    services.capacity_instrument_active_set(
        actor=staff.admin, instrument=self_version.instrument, is_active=False
    )

    current = {(v.instrument.code, v.number) for v in selectors.capacity_version_list_current()}

    assert current == {("valmo-coach-observation", 1), ("oma", 2)}


def test_version_get_prefetches_the_whole_content(coach_version, django_assert_num_queries):
    version = selectors.capacity_version_get(pk=coach_version.pk)

    with django_assert_num_queries(0):
        texts = [
            (
                dimension.name,
                [(item.text, len(item.anchors.all())) for item in dimension.items.all()],
            )
            for dimension in version.dimensions.all()
        ]
        labels = [point.label for point in version.scale_points.all()]

    assert len(texts) == 6
    assert all(count == 3 for _, items in texts for _, count in items)
    assert len(labels) == 5


def test_change_between_occasions_per_item_and_dimension(staff, period, coach_version):
    rate(
        staff.coach,
        period,
        coach_version,
        "baseline",
        {"workday": 2, "pace": 2, "coping": "not_observed", "new_tasks": 1},
        BASELINE_DAY,
    )
    rate(
        staff.coach,
        period,
        coach_version,
        "final",
        {"workday": 4, "pace": 3, "coping": 3, "tools": 4},
        FINAL_DAY,
    )

    result = selectors.capacity_change_between_occasions(
        period=period,
        instrument=coach_version.instrument,
        rater_type="coach",
        from_occasion="baseline",
        to_occasion="final",
    )

    stamina = result.dimension("stamina")
    assert [(i.code, i.change, i.reasons) for i in stamina.item_changes] == [
        ("workday", 2, ()),
        ("pace", 1, ()),
        ("coping", None, ("not_observed_before",)),
    ]
    assert (stamina.change, stamina.paired, stamina.coverage) == (
        Decimal("1.50"),
        2,
        Decimal("0.67"),
    )
    assert (stamina.first.mean, stamina.second.mean) == (Decimal("2.00"), Decimal("3.33"))
    learning = result.dimension("learning")
    assert learning.change is None
    assert learning.reasons == ("no_paired_items",)
    assert [(i.code, i.reasons) for i in learning.item_changes] == [
        ("new_tasks", ("missing_after",)),
        ("tools", ("missing_before",)),
        ("reflection", ("missing_before", "missing_after")),
    ]


def test_change_between_assessments_of_different_versions(staff, period, coach_version):
    rate(staff.coach, period, coach_version, "baseline", {"workday": 2}, BASELINE_DAY)
    copy = services.capacity_instrument_copy(actor=staff.admin, version=coach_version, code="k")
    services.capacity_item_remove(actor=staff.admin, item=copy.items.get(code="workday"))
    services.capacity_version_publish(actor=staff.admin, version=copy)
    before = rate(staff.coach, period, copy, "baseline", {"pace": 2}, BASELINE_DAY)
    after = rate(staff.coach, period, copy, "final", {"pace": 4}, FINAL_DAY)
    old = Assessment.objects.get(instrument=coach_version.instrument)

    result = selectors.capacity_change(before=old, after=after)

    assert result.item("workday").reasons == ("not_in_version_after",)
    assert result.item("pace").reasons == ("missing_before",)
    assert selectors.capacity_change(before=before, after=after).item("pace").change == 2


def test_change_refuses_assessments_of_two_periods(staff, make_period, coach_version):
    first = rate(
        staff.coach, make_period("coaching"), coach_version, "baseline", {"pace": 2}, BASELINE_DAY
    )
    second = rate(
        staff.coach, make_period("coaching"), coach_version, "final", {"pace": 4}, FINAL_DAY
    )

    with pytest.raises(ValidationError) as error:
        selectors.capacity_change(before=first, after=second)

    assert _fields(error) == ["after"]


def test_change_between_occasions_names_the_missing_or_ambiguous_side(staff, period, coach_version):
    rate(staff.coach, period, coach_version, "baseline", {"pace": 2}, BASELINE_DAY)
    arguments = {
        "period": period,
        "instrument": coach_version.instrument,
        "rater_type": "coach",
        "from_occasion": "baseline",
        "to_occasion": "final",
    }
    with pytest.raises(ValidationError) as error:
        selectors.capacity_change_between_occasions(**arguments)
    assert _fields(error) == ["to_occasion"]

    rate(staff.coach, period, coach_version, "final", {"pace": 3}, FINAL_DAY)
    rate(staff.agent, period, coach_version, "baseline", {"pace": 1}, BASELINE_DAY)
    with pytest.raises(ValidationError) as error:
        selectors.capacity_change_between_occasions(**arguments)
    assert _fields(error) == ["from_occasion"]

    chosen = selectors.capacity_change_between_occasions(**arguments, rater=staff.coach)
    assert chosen.item("pace").change == 1


def test_trajectory_orders_occasions_and_aligns_dimension_series(
    staff, period, coach_version, self_version
):
    # Entered out of order: final first, then baseline, then interim.
    rate(staff.coach, period, coach_version, "final", {"workday": 4, "pace": 4}, FINAL_DAY)
    rate(staff.coach, period, coach_version, "baseline", {"workday": 1, "pace": 2}, BASELINE_DAY)
    rate(
        staff.coach,
        period,
        coach_version,
        "interim",
        {"workday": 3, "pace": "not_observed", "engagement": 2},
        INTERIM_DAY,
        finalise=True,
    )
    # A self-assessment must not leak into the coach's trajectory.
    rate(staff.coach, period, self_version, "baseline", {"workday": 5}, BASELINE_DAY, "self")

    trajectory = selectors.capacity_trajectory(period=period, instrument=coach_version.instrument)

    assert [p.occasion for p in trajectory.points] == ["baseline", "interim", "final"]
    assert [p.assessed_on for p in trajectory.points] == [BASELINE_DAY, INTERIM_DAY, FINAL_DAY]
    assert [p.is_final for p in trajectory.points] == [False, True, False]
    assert [s.dimension for s in trajectory.series] == [
        "work_life_readiness",
        "doing_the_work",
        "interaction",
        "stamina",
        "learning",
        "motivation",
    ]
    stamina = next(s for s in trajectory.series if s.dimension == "stamina")
    assert stamina.means == (Decimal("1.50"), Decimal("3.00"), Decimal("4.00"))
    assert stamina.observed == (2, 1, 2)
    assert stamina.items == (3, 3, 3)
    motivation = next(s for s in trajectory.series if s.dimension == "motivation")
    assert motivation.means == (None, Decimal("2.00"), None)

    chart = trajectory.as_chart()
    assert chart["occasions"] == ["baseline", "interim", "final"]
    assert chart["dates"] == ["2026-03-05", "2026-05-04", "2026-08-03"]
    chart_stamina = next(s for s in chart["series"] if s["dimension"] == "stamina")
    assert chart_stamina["data"] == [1.5, 3.0, 4.0]
    assert chart_stamina["name"] == "Jaksaminen"


def test_trajectory_query_count_does_not_grow_with_occasions(staff, period, coach_version):
    instrument = coach_version.instrument

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.capacity_trajectory(period=period, instrument=instrument)
        # django-tenants sets the search path before every statement; count the reads.
        return sum(not query["sql"].startswith("SET ") for query in queries.captured_queries)

    rate(staff.coach, period, coach_version, "baseline", {"workday": 1}, BASELINE_DAY)
    one = count()
    rate(staff.coach, period, coach_version, "interim", {"workday": 2}, INTERIM_DAY)
    rate(staff.coach, period, coach_version, "final", {"workday": 3}, FINAL_DAY)

    assert count() == one == 5


def test_self_versus_coach_at_one_occasion_across_the_two_instruments(
    staff, period, coach_version, self_version
):
    rate(
        staff.coach,
        period,
        coach_version,
        "baseline",
        {"punctuality": 2, "agreements": 3, "safety": 2, "workday": "not_observed"},
        BASELINE_DAY,
    )
    rate(
        staff.coach,
        period,
        self_version,
        "baseline",
        {"punctuality": 4, "safety": 2, "workday": 4},
        BASELINE_DAY,
        "self",
    )

    result = selectors.capacity_self_coach_comparison(period=period, occasion="baseline")

    readiness = result.comparison.dimension("work_life_readiness")
    assert result.comparison.sides == ("coach", "self")
    assert [(i.code, i.change, i.reasons) for i in readiness.item_changes] == [
        ("punctuality", 2, ()),
        ("agreements", None, ("not_in_version_self",)),
        ("safety", 0, ()),
    ]
    assert (readiness.change, readiness.paired, readiness.items) == (Decimal("1.00"), 2, 3)
    assert result.comparison.item("workday").reasons == ("not_observed_coach",)
    assert result.self_assessment.rater_type == "self"
    assert result.coach_assessment.rater == staff.coach


def test_self_versus_coach_needs_both_sides_and_one_coach(
    staff, period, coach_version, self_version
):
    with pytest.raises(ValidationError) as error:
        selectors.capacity_self_coach_comparison(period=period, occasion="baseline")
    assert _fields(error) == ["occasion"]

    rate(staff.coach, period, self_version, "baseline", {"safety": 3}, BASELINE_DAY, "self")
    rate(staff.coach, period, coach_version, "baseline", {"safety": 3}, BASELINE_DAY)
    rate(staff.agent, period, coach_version, "baseline", {"safety": 4}, BASELINE_DAY)
    with pytest.raises(ValidationError) as error:
        selectors.capacity_self_coach_comparison(period=period, occasion="baseline")
    assert _fields(error) == ["coach"]

    result = selectors.capacity_self_coach_comparison(
        period=period, occasion="baseline", coach=staff.agent
    )
    assert result.comparison.item("safety").change == -1


def test_other_municipality_does_not_see_the_assessments(staff, period, coach_version, tenants):
    rate(staff.coach, period, coach_version, "baseline", {"safety": 3}, BASELINE_DAY)
    assert Assessment.objects.count() == 1

    connection.set_tenant(tenants.b)

    assert Assessment.objects.count() == 0
