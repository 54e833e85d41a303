"""A coach's group with tasks assigned, for the web app's pages."""

from __future__ import annotations

from datetime import date

import pytest

from tests.coaching.conftest import (  # noqa: F401 - fixtures used by this package
    START,
    make_period,
    make_trainee,
    staff,
    status,
    work_unit,
)

DAY = date(2026, 3, 10)  # a Tuesday within the periods that make_period opens


@pytest.fixture
def make_group(staff, make_period):  # noqa: F811 - the imported fixtures
    """``size`` trainees in ``staff.coach``'s group, each with two tasks assigned at level 1–2."""
    from coaching import services
    from coaching.models import DifficultyLevel, WorkTask

    def make(size: int):
        tasks = list(WorkTask.objects.filter(retired_at__isnull=True).order_by("pk")[:2])
        levels = list(DifficultyLevel.objects.order_by("level")[:2])
        periods = []
        for _ in range(size):
            period = make_period("coaching")
            for task, level in zip(tasks, levels, strict=True):
                services.task_assignment_create(
                    actor=staff.coach, period=period, task=task, level=level
                )
            periods.append(period)
        return periods

    return make


@pytest.fixture(autouse=True)
def _last_seen_written_once(monkeypatch):
    """Query counts compared across requests must not depend on the clock.

    The idle time-out writes the session's last-seen time at most every 30 s; under load the
    rows a test adds between two requests can take longer than that, and the second request
    then counts the session's write too. Here the time is written once per session (the
    idle time-out's own tests are in tests/accounts and tests/browser).
    """
    monkeypatch.setattr("accounts.middleware.LAST_SEEN_RESOLUTION", 10**9)
