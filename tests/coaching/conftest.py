"""Builders for coaching tests: staff of tenant A, trainees and periods walked to a phase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

START = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _english_messages():
    """Rule messages are asserted by their English msgid; Finnish is checked separately."""
    with translation.override("en"):
        yield


# The services' path from ``referred`` to each phase (interrupted is handled separately).
PATHS = {
    "referred": [],
    "intake_assessment": ["intake_assessment"],
    "pre_coaching": ["intake_assessment", "pre_coaching"],
    "coaching": ["intake_assessment", "pre_coaching", "coaching"],
    "continued_coaching": ["intake_assessment", "pre_coaching", "coaching", "continued_coaching"],
    "ended": ["intake_assessment", "pre_coaching", "coaching", "ended"],
    "follow_up": ["intake_assessment", "pre_coaching", "coaching", "ended", "follow_up"],
    "closed": ["intake_assessment", "pre_coaching", "coaching", "ended", "follow_up", "closed"],
}


def at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@dataclass
class Staff:
    admin: object
    coach: object
    coach2: object
    agent: object
    supervisor: object


def staff_create(tenant, make_user) -> Staff:
    """The staff of ``tenant`` (plain function: module-scoped fixtures build with it too)."""
    return Staff(
        admin=make_user(tenant, role="tenant_admin"),
        coach=make_user(tenant, role="work_coach"),
        coach2=make_user(tenant, role="work_coach"),
        agent=make_user(tenant, role="career_agent"),
        supervisor=make_user(tenant, role="unit_supervisor"),
    )


def work_unit_create(staff):
    from coaching.models import WorkUnit

    return WorkUnit.objects.create(name="Testiyksikkö", supervisor=staff.supervisor)


def status_of(code: str):
    from coaching.models import ParticipationStatus

    return ParticipationStatus.objects.get(code=code)


@pytest.fixture
def staff(tenant_a, make_user) -> Staff:
    return staff_create(tenant_a, make_user)


@pytest.fixture
def work_unit(staff):
    return work_unit_create(staff)


@pytest.fixture
def make_trainee(tenant_a):
    from coaching.models import Trainee

    counter = iter(range(1, 10_000))

    def make(**extra):
        return Trainee.objects.create(
            first_name="Testi", last_name=f"Valmentautuja {next(counter):03d}", **extra
        )

    return make


@pytest.fixture
def status(tenant_a):
    return status_of


@pytest.fixture
def make_period(staff, work_unit, make_trainee, status):
    """Create a period through the services and walk it to ``phase``, one hour per step."""
    return period_maker(staff, work_unit, make_trainee, status)


def period_maker(staff, work_unit, make_trainee, status):
    """The ``make_period`` builder as a plain function (for module-scoped fixtures)."""
    from coaching import services

    def make(
        phase: str = "coaching",
        *,
        coach=None,
        trainee=None,
        start: date = START,
        planned_end: date = date(2026, 8, 31),
        interrupted_from: str | None = None,
        work_trial: bool = True,
        outcome: str = "open_market_work",
    ):
        coach = coach or staff.coach
        period = services.coaching_period_create(
            actor=staff.admin,
            trainee=trainee or make_trainee(),
            coach=coach,
            career_agent=staff.agent,
            start_on=start,
            planned_end_on=planned_end,
            override_reason="testi",
            at=at(start, 7),
        ).period
        if work_trial:
            services.period_status_add(
                actor=staff.admin,
                period=period,
                status=status("work_trial"),
                valid_from=start,
                valid_until=planned_end,
                days_per_week=5,
                hours_per_day=Decimal(6),
            )
        steps = PATHS[interrupted_from or phase]
        if interrupted_from is not None:
            steps = [*steps, "interrupted"]
        for hour, step in enumerate(steps, start=8):
            if step == "continued_coaching":
                services.coaching_period_placement_set(
                    actor=staff.admin, period=period, work_unit=work_unit
                )
            if step == "ended":
                services.coaching_period_end(
                    actor=staff.admin, period=period, outcome=outcome, at=at(start, hour)
                )
                continue
            services.coaching_period_transition(
                period=period, to_phase=step, actor=staff.admin, reason="testi", at=at(start, hour)
            )
        period.refresh_from_db()
        return period

    return make
