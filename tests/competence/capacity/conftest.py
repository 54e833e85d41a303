"""Capacity fixtures: the coaching builders and the platform instruments of tenant A."""

from __future__ import annotations

from datetime import date

import pytest

from tests.coaching import conftest as coaching_fixtures

staff = coaching_fixtures.staff
work_unit = coaching_fixtures.work_unit
make_trainee = coaching_fixtures.make_trainee
status = coaching_fixtures.status
make_period = coaching_fixtures.make_period

START = coaching_fixtures.START  # 2026-03-02
BASELINE_DAY, INTERIM_DAY, FINAL_DAY = date(2026, 3, 5), date(2026, 5, 4), date(2026, 8, 3)


def platform_version(code: str):
    from competence.capacity.models import Instrument, InstrumentVersion

    return (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM, instrument__code=code
        )
        .order_by("-number")
        .first()
    )


@pytest.fixture
def coach_version(tenant_a):
    return platform_version("valmo-coach-observation")


@pytest.fixture
def self_version(tenant_a):
    return platform_version("valmo-self-assessment")
