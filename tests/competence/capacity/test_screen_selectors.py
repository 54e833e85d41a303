"""The screens' capacity reads and the rater rule they show."""

from __future__ import annotations

from decimal import Decimal

import pytest

from competence.capacity.screen_selectors import (
    capacity_entry_get,
    capacity_group_overview,
    capacity_period_get,
)
from competence.capacity.services import capacity_assessment_submit, capacity_rater_types_for

from .conftest import BASELINE_DAY, FINAL_DAY, INTERIM_DAY

pytestmark = pytest.mark.django_db


def _submit(actor, period, version, occasion, rater_type, day, value, **extra):
    codes = version.items.values_list("code", flat=True)
    return capacity_assessment_submit(
        actor=actor,
        period=period,
        version=version,
        occasion=occasion,
        rater_type=rater_type,
        assessed_on=day,
        answers=dict.fromkeys(codes, value),
        **extra,
    )


def test_the_rater_types_follow_the_service_rule(
    staff, make_period, make_trainee, make_user, tenant_a
):
    user = make_user(tenant_a, role="trainee")
    period = make_period("continued_coaching", trainee=make_trainee(user=user))
    every = ["self", "coach", "supervisor"]
    assert capacity_rater_types_for(staff.coach, period, every) == every
    assert capacity_rater_types_for(staff.supervisor, period, every) == ["supervisor"]
    assert capacity_rater_types_for(user, period, every) == ["self"]
    assert capacity_rater_types_for(staff.coach2, period, every) == []


def test_the_period_trajectory_pairs_occasions_and_raters(
    staff, make_period, coach_version, self_version
):
    period = make_period("coaching")
    _submit(staff.coach, period, coach_version, "baseline", "coach", BASELINE_DAY, 2)
    _submit(staff.coach, period, coach_version, "final", "coach", FINAL_DAY, 5)
    _submit(staff.coach, period, self_version, "interim", "self", INTERIM_DAY, 4)
    capacity = capacity_period_get(period=period)
    assert capacity.raters == ("coach", "self")
    first = capacity.dimensions[0]
    assert [row.occasion for row in first.rows] == ["baseline", "interim", "final"]
    baseline, interim, final = first.rows
    assert baseline.coach.mean == Decimal("2.00")
    assert baseline.self_score is None
    assert interim.coach is None
    assert interim.self_score.mean == Decimal("4.00")
    # The coach's change skips the occasion the coach did not assess.
    assert interim.change is None
    assert final.change.change == Decimal("3.00")
    assert final.change.paired == final.change.items == 3
    entries = {(e.rater_type, e.occasion): e for e in capacity.entries}
    assert entries[("coach", "baseline")].assessment is not None
    assert entries[("coach", "interim")].assessment is None
    assert entries[("self", "interim")].assessment is not None


def test_the_entry_uses_the_assessments_own_version_and_answers(staff, make_period, coach_version):
    period = make_period("coaching")
    instrument = coach_version.instrument
    empty = capacity_entry_get(
        period=period,
        instrument=instrument,
        occasion="baseline",
        rater_type="coach",
        rater=staff.coach,
    )
    assert empty.assessment is None
    assert empty.version.pk == coach_version.pk
    _submit(staff.coach, period, coach_version, "baseline", "coach", BASELINE_DAY, 3)
    entry = capacity_entry_get(
        period=period,
        instrument=instrument,
        occasion="baseline",
        rater_type="coach",
        rater=staff.coach,
    )
    assert set(entry.answers.values()) == {3}
    # Another coach's entry at the same occasion is a separate one.
    other = capacity_entry_get(
        period=period,
        instrument=instrument,
        occasion="baseline",
        rater_type="coach",
        rater=staff.admin,
    )
    assert other.assessment is None
    # The coach instrument has no self rater.
    assert (
        capacity_entry_get(
            period=period, instrument=instrument, occasion="baseline", rater_type="self", rater=None
        )
        is None
    )


def test_the_group_overview_has_the_latest_occasion_and_change(staff, make_period, coach_version):
    from coaching.models import CoachingPeriod

    assessed = make_period("coaching")
    untouched = make_period("coaching")
    _submit(staff.coach, assessed, coach_version, "baseline", "coach", BASELINE_DAY, 2)
    _submit(staff.coach, assessed, coach_version, "interim", "coach", INTERIM_DAY, 3)
    overview = capacity_group_overview(
        periods=CoachingPeriod.objects.filter(pk__in=[assessed.pk, untouched.pk])
    )
    rows = {row.period.pk: row for row in overview.rows}
    assert rows[untouched.pk].latest is None
    row = rows[assessed.pk]
    assert row.latest.occasion == "interim"
    code = overview.dimensions[0][0]
    assert row.scores[code].mean == Decimal("3.00")
    assert row.changes[code].change == Decimal("1.00")
