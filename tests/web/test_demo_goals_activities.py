"""The demo fills the goal and activity screens with real content."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_demo_fills_the_goal_and_activity_screens(demo, client_for):
    from coaching.models import Activity, Goal
    from tenants.models import Municipality

    tenant = Municipality.objects.get(slug="joensuu")
    connection.set_tenant(tenant)
    try:
        goal = Goal.objects.select_related("period__coach").order_by("pk").first()
        coach = goal.period.coach
        client = client_for(tenant, coach)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
        goals = client.get(f"/jaksot/{goal.period_id}/tavoitteet/")
        assert goals.status_code == 200
        assert len(goals.context["goals"]) == 2
        assert "Työkyky vahvistunut" in goals.content.decode()  # the review
        dashboard = client.get("/tyopoyta/").content.decode()
        assert f"/tavoitteet/{goal.pk}/arvio/" in dashboard

        listed = client.get("/ryhmatoiminnot/")
        assert {a.title for a in listed.context["activities"]} >= set(
            Activity.objects.values_list("title", flat=True)
        )
        session = Activity.objects.get(type__code="info_session")
        attendance = client.get(f"/ryhmatoiminnot/{session.pk}/")
        assert attendance.status_code == 200
        assert any(m.participant is not None for m in attendance.context["group"].members)
    finally:
        connection.set_schema_to_public()
