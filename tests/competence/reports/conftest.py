"""A period with logged days, a tick, a goal and two coach occasions, for reports' tests."""

from __future__ import annotations

from datetime import date

import pytest

from tests.competence.capacity.conftest import platform_version
from tests.competence.conftest import (  # noqa: F401 - fixtures re-exported for the tests
    DAY1,
    DAY2,
    DAY3,
    log_day,
    make_period,
    make_trainee,
    peruste,
    recognise,
    site,
    staff,
    status,
    tasks,
    work_unit,
    yard_unit,
)

YARD_UNIT = 9100202
BASELINE_DAY, INTERIM_DAY = date(2026, 3, 5), date(2026, 5, 4)


def coach_answers(version, value: int) -> dict[str, int]:
    return {item.code: value for dim in version.dimensions.all() for item in dim.items.all()}


@pytest.fixture
def world(staff, make_period, make_trainee, peruste, tasks, log_day, recognise, yard_unit):  # noqa: F811
    """Three present yard days and one absence, a9201 ticked, a goal, baseline 2 → interim 4."""
    from coaching import services as coaching_services
    from competence import services as competence_services
    from competence.capacity import services as capacity_services

    class World:
        pass

    w = World()
    w.staff = staff
    w.period = make_period("coaching", trainee=make_trainee(date_of_birth=date(1990, 5, 17)))
    recognise(work_unit=yard_unit, units=[peruste.unit(YARD_UNIT)])
    competence_services.work_task_requirements_set(
        actor=staff.admin, task=tasks.yard, requirements=[peruste.requirement("a9201")]
    )
    w.days = [log_day(w.period, day, tasks.yard) for day in (DAY1, DAY2, DAY3)]
    log_day(w.period, date(2026, 3, 12), attendance="absent_sick")
    w.requirement = peruste.requirement("a9201")
    competence_services.competence_record_tick(
        actor=staff.coach,
        period=w.period,
        requirement=w.requirement,
        evidence=w.days,
        reached_on=DAY3,
    )
    w.goal = coaching_services.goal_create(
        actor=staff.coach, period=w.period, text="Työskentelee kokonaisen työpäivän"
    )
    version = platform_version("valmo-coach-observation")
    for occasion, day, value in (("baseline", BASELINE_DAY, 2), ("interim", INTERIM_DAY, 4)):
        capacity_services.capacity_assessment_submit(
            actor=staff.coach,
            period=w.period,
            version=version,
            occasion=occasion,
            rater_type="coach",
            assessed_on=day,
            answers=coach_answers(version, value),
            finalise=True,
        )
    w.coach_version = version
    return w
