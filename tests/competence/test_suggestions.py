"""Requirements suggested by the tasks of a daily entry or a whole period."""

from __future__ import annotations

import pytest

from competence import selectors, services

from .conftest import DAY1, DAY2, DAY3
from .test_recognition import YARD_UNIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(make_period):
    return make_period("coaching")


@pytest.fixture
def mapped(staff, peruste, tasks):
    """Yard work shows lawn care and machines; snow work shows winter maintenance."""
    lawn, winter, machines = (peruste.requirement(c) for c in ("a9201", "a9202", "a9203"))
    services.work_task_requirements_set(
        actor=staff.coach, task=tasks.yard, requirements=[lawn, machines]
    )
    services.work_task_requirements_set(actor=staff.coach, task=tasks.snow, requirements=[winter])
    services.work_task_requirements_set(actor=staff.coach, task=tasks.dishes, requirements=[lawn])
    return lawn, winter, machines


def codes(suggestions) -> list[str]:
    return [s.requirement.code.removeprefix("ammattitaitovaatimukset_") for s in suggestions]


def test_entry_suggests_mapped_requirements_recognised_where_the_task_was_done(
    period, peruste, tasks, log_day, recognise, mapped
):
    lawn, _, _ = mapped
    # The yard unit is recognised for lawn care only (not for machines, also mapped to yard
    # work); the snow unit for nothing at all.
    environment = recognise(work_unit=tasks.yard.ordering_unit, requirements=[lawn])
    entry = log_day(period, DAY1, tasks.yard, tasks.snow, tasks.dishes)

    (suggestion,) = selectors.requirement_suggestion_list(entry=entry)

    assert suggestion.requirement == lawn
    assert suggestion.environments == [environment]
    assert suggestion.tasks == [tasks.yard]  # dishes were done nowhere the log knows of
    assert suggestion.entries == [entry]
    assert suggestion.reached is False


def test_nothing_is_suggested_without_a_recognition(period, tasks, log_day, mapped):
    entry = log_day(period, DAY1, tasks.yard, tasks.snow)
    assert selectors.requirement_suggestion_list(entry=entry) == []


def test_period_suggestions_cover_every_present_day_and_show_ticks(
    staff, period, peruste, tasks, log_day, recognise, mapped, work_unit
):
    recognise(work_unit=tasks.yard.ordering_unit, units=[peruste.unit(YARD_UNIT)])
    recognise(work_unit=work_unit, units=[peruste.unit(YARD_UNIT)])
    yard_day = log_day(period, DAY1, tasks.yard)
    snow_day = log_day(period, DAY2, tasks.snow)
    log_day(period, DAY3, attendance="absent_unexplained")
    services.competence_record_tick(
        actor=staff.coach, period=period, requirement=mapped[1], evidence=[snow_day]
    )

    suggestions = selectors.requirement_suggestion_list(period=period)

    assert codes(suggestions) == ["a9201", "a9202", "a9203"]
    by_code = dict(zip(codes(suggestions), suggestions, strict=True))
    assert by_code["a9202"].reached is True
    assert by_code["a9201"].reached is False
    assert by_code["a9202"].entries == [snow_day]
    assert by_code["a9201"].entries == [yard_day]
    assert selectors.requirement_suggestion_list(entry=snow_day)[0].reached is True


def test_exactly_one_of_entry_and_period(period):
    with pytest.raises(TypeError):
        selectors.requirement_suggestion_list()
    with pytest.raises(TypeError):
        selectors.requirement_suggestion_list(period=period, entry=object())


def test_environments_where_the_trainee_worked(
    period, peruste, tasks, log_day, recognise, site, work_unit
):
    at_site = recognise(site=site, units=[peruste.unit(YARD_UNIT)])
    elsewhere = recognise(work_unit=work_unit, units=[peruste.unit(YARD_UNIT)])
    log_day(period, DAY1, tasks.yard)
    log_day(period, DAY2, attendance="absent_sick")

    assert selectors.learning_environment_list_for_period(period=period) == [at_site]
    log_day(period, DAY3, tasks.snow)
    assert set(selectors.learning_environment_list_for_period(period=period)) == {
        at_site,
        elsewhere,
    }
