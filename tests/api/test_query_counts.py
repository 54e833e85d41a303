"""Every list endpoint costs the same number of queries for one row and for many."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.privacy.conftest import _referral

pytestmark = pytest.mark.django_db

EXTRA = 4


def _more_rows(world, make_period, count: int) -> None:
    """``count`` more rows behind each list (with their children, where the list joins)."""
    from coaching import services
    from coaching.models import (
        ActivityType,
        EquipmentType,
        PartnerContact,
        Trainee,
        WorkOrder,
        WorkTask,
    )
    from tests.coaching.conftest import status_of

    admin = world.staff.admin
    contact = PartnerContact.objects.order_by("pk").first()
    task = WorkTask.objects.order_by("pk").first()
    kind = ActivityType.objects.order_by("pk").first()
    equipment = EquipmentType.objects.order_by("pk").first()
    for n in range(count):
        trainee = Trainee.objects.create(first_name="Lisä", last_name=f"Rivi {count} {n}")
        _referral(admin, trainee, contact, status_of, f"lisä{count}{n}")
        make_period("coaching", coach=world.staff.coach)
        services.goal_create(actor=admin, period=world.own.period, text=f"Tavoite {n}")
        services.activity_create(
            actor=admin,
            activity_type=kind,
            title=f"Tapahtuma {n}",
            starts_at=timezone.now() + timedelta(days=n + 1),
        )
        order = services.work_order_create(
            actor=admin,
            ordering_unit=world.work_unit,
            description=f"Tilaus {n}",
            requested_start_on=timezone.localdate() + timedelta(days=7),
        )
        services.work_order_task_add(actor=admin, order=order, task=task, notes="x")
        services.work_order_tool_lend(actor=admin, order=order, name="Pora")
        if equipment is not None:
            services.equipment_issue(
                actor=admin, trainee=world.own.trainee, equipment_type=equipment
            )
    assert WorkOrder.objects.count() >= count


def _lists(world) -> list[str]:
    period, trainee = world.own.period.pk, world.own.trainee.pk
    return [
        "/api/v1/trainees/",
        "/api/v1/periods/",
        "/api/v1/placements/",
        "/api/v1/sites/",
        "/api/v1/task-catalogue/",
        "/api/v1/referrals/",
        "/api/v1/activities/",
        "/api/v1/work-orders/",
        f"/api/v1/periods/{period}/goals/",
        f"/api/v1/periods/{period}/statuses/",
        f"/api/v1/periods/{period}/follow-ups/",
        f"/api/v1/trainees/{trainee}/equipment/",
        f"/api/v1/trainees/{trainee}/lockers/",
        f"/api/v1/periods/{period}/competence-records/",
        f"/api/v1/periods/{period}/certificates/",
        "/api/v1/staff/",
        f"/api/v1/periods/{period}/capacity-assessments/",
        f"/api/v1/periods/{period}/reports/",
        "/api/v1/work-units/",
        "/api/v1/partner-organisations/",
    ]


def _assess(world, occasions: list[str]) -> None:
    """Coach assessments of the period at these occasions (one each: they are unique)."""
    from competence.capacity.models import Instrument, InstrumentVersion
    from competence.capacity.services import capacity_assessment_submit

    version = (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM,
            instrument__code="valmo-coach-observation",
        )
        .order_by("-number")
        .first()
    )
    codes = list(version.items.values_list("code", flat=True))
    for occasion in occasions:
        capacity_assessment_submit(
            actor=world.own.coach,
            period=world.own.period,
            version=version,
            occasion=occasion,
            rater_type="coach",
            rater=world.own.coach,
            assessed_on=world.own.period.start_on,
            answers=dict.fromkeys(codes, 3),
        )


def _counts(client, paths: list[str]) -> dict[str, tuple[int, int]]:
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        body = response.json()
        rows = len(body["results"]) if isinstance(body, dict) else len(body)
        counts[path] = (len(queries), rows)
    return counts


def test_list_queries_do_not_grow_with_the_rows(world, tenants, client_for, make_period):
    admin = client_for(tenants.a, world.staff.admin)
    paths = _lists(world)
    admin.get("/api/v1/trainees/")  # the session's first request reads its settings once
    _more_rows(world, make_period, 1)
    _assess(world, ["baseline"])
    before = _counts(admin, paths)
    _more_rows(world, make_period, EXTRA)
    _assess(world, ["interim", "final", "follow_up"])
    after = _counts(admin, paths)
    grown = [path for path in paths if after[path][1] > before[path][1]]
    # Most lists really got more rows, so the comparison means something.
    assert len(grown) >= 8, (before, after)
    assert {path: after[path][0] for path in paths} == {path: before[path][0] for path in paths}
