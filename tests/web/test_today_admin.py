"""Today for a tenant admin: no group of their own, so they pick the coach and log that group."""

from __future__ import annotations

import pytest

from coaching.models import DailyEntry

from .conftest import DAY
from .test_today import prefilled

pytestmark = pytest.mark.django_db
URL = f"/tanaan/?date={DAY.isoformat()}"


@pytest.fixture
def admin_client(tenant_a, staff, client_for):
    client = client_for(tenant_a, staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_admin_first_picks_a_coach(admin_client, staff, make_group):
    make_group(2)
    response = admin_client.get("/tanaan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="coach"' in page
    assert staff.coach.email in page or staff.coach.get_full_name() in page
    assert "trainee-day" not in page


def test_the_admin_sees_and_logs_the_chosen_coachs_group(admin_client, staff, make_group):
    group = make_group(3)
    url = f"{URL}&coach={staff.coach.pk}"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for period in group:
        assert str(period.trainee) in page
    assert "As a tenant admin you may record its day." in page
    assert f"coach={staff.coach.pk}" in page  # the form and the day links keep the coach
    data = prefilled(response)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url
    entries = DailyEntry.objects.filter(date=DAY)
    assert entries.count() == 3
    assert {entry.recorded_by_id for entry in entries} == {staff.admin.pk}


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_a_bad_coach_is_a_400_naming_the_field(admin_client, value):
    response = admin_client.get(f"{URL}&coach={value}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="coach-error"' in page
    assert "Select a valid choice" in page


def test_a_career_agent_is_not_a_coach_to_pick(admin_client, staff):
    response = admin_client.get(f"{URL}&coach={staff.agent.pk}")
    assert response.status_code == 400


def test_a_post_without_a_coach_is_a_400(admin_client, make_group):
    make_group(1)
    response = admin_client.post(URL, {})
    assert response.status_code == 400
    assert "Choose a work coach." in response.content.decode()
    assert not DailyEntry.objects.exists()


def test_a_coach_always_sees_their_own_group(tenant_a, staff, client_for, make_group):
    group = make_group(1)
    client = client_for(tenant_a, staff.coach2)
    response = client.get(f"{URL}&coach={staff.coach.pk}")
    assert response.status_code == 200
    assert str(group[0].trainee) not in response.content.decode()
    assert 'name="coach"' not in response.content.decode()


def test_a_post_without_any_query_is_a_400_too(admin_client):
    response = admin_client.post("/tanaan/", {})
    assert response.status_code == 400
    assert "Choose a work coach." in response.content.decode()
