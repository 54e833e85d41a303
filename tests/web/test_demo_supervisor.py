"""The demo gives its unit supervisor placed trainees, feedback, an open rating and an order."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_demo_fills_the_supervisors_pages(demo, client_for):
    from accounts.models import User
    from coaching.models import CoachingPeriod, PlacementFeedback, WorkOrder
    from tenants.models import Municipality

    tenant = Municipality.objects.get(slug="joensuu")
    connection.set_tenant(tenant)
    try:
        supervisor = User.objects.get(email__startswith="esihenkilo@")
        placed = CoachingPeriod.objects.filter(
            placement_supervisor=supervisor, phase="continued_coaching"
        )
        assert placed.count() == 2
        assert all(period.task_assignments.exists() for period in placed)
        assert PlacementFeedback.objects.filter(supervisor=supervisor).count() == 1
        assert WorkOrder.objects.filter(created_by=supervisor).exists()
        client = client_for(tenant, supervisor)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
        home = client.get("/yksikko/")
        assert home.status_code == 200
        assert len(home.context["rows"]) == 2
        assert sum(1 for _period, _weeks, given in home.context["rows"] if given) == 1
        page = client.get(f"/yksikko/{placed.first().pk}/")
        open_ratings = [
            entry
            for entry in page.context["ratings"]
            if entry.assessment is None or not entry.assessment.is_final
        ]
        assert open_ratings  # an occasion open for the supervisor's rating
        orders = client.get("/yksikko/tyotilaukset/")
        assert any(order.created_by_id == supervisor.pk for order in orders.context["orders"])
    finally:
        connection.set_schema_to_public()
