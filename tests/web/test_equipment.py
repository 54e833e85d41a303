"""Equipment and lockers through the web app: the unreturned list and a trainee's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching import services
from coaching.models import EquipmentIssue, EquipmentType, Locker, LockerAssignment
from privacy.models import AuditEvent
from tests.coaching.conftest import START

pytestmark = pytest.mark.django_db


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def gloves(tenant_a):
    return EquipmentType.objects.get_or_create(name="Työkäsineet")[0]


@pytest.fixture
def lockers(tenant_a):
    return [Locker.objects.create(number=f"K{number}") for number in range(1, 4)]


def _issue(staff, period, equipment_type, **extra):
    return services.equipment_issue(
        actor=staff.coach,
        trainee=period.trainee,
        equipment_type=equipment_type,
        issued_on=START,
        **extra,
    )


def test_the_trainee_page_is_linked_from_the_trainee(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    page = _client(client_for, tenant_a, staff.coach).get(f"/valmentautujat/{period.trainee_id}/")
    assert f'href="/valmentautujat/{period.trainee_id}/varusteet/"' in page.content.decode()


def test_a_coach_issues_and_takes_back_an_item(tenant_a, staff, make_period, gloves, client_for):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    base = f"/valmentautujat/{period.trainee_id}/varusteet/"
    page = client.get(base)
    assert page.status_code == 200
    events = AuditEvent.objects.filter(request_id=page["X-Request-ID"], action="read")
    assert period.trainee_id in set(events.values_list("trainee_id", flat=True))

    today = timezone.localdate()
    response = client.post(
        f"{base}anna/",
        {"issue-equipment_type": gloves.pk, "issue-size": "L", "issue-issued_on": str(START)},
    )
    assert response.status_code == 302
    issue = EquipmentIssue.objects.get()
    assert (issue.size, issue.issued_on, issue.issued_by) == ("L", START, staff.coach)
    assert "Työkäsineet" in client.get(base).content.decode()

    early = client.post(
        f"/varusteet/{issue.pk}/palautus/", {"returned_on": str(START - timedelta(days=1))}
    )
    assert early.status_code == 400
    assert "An item cannot be returned before it was issued." in early.content.decode()
    back = client.post(f"/varusteet/{issue.pk}/palautus/", {"returned_on": str(today)})
    assert back.status_code == 302
    assert back["Location"] == base
    issue.refresh_from_db()
    assert (issue.returned_on, issue.received_by) == (today, staff.coach)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"issue-issued_on": "2999-01-01"}, "issued_on"),
        ({"issue-issued_on": "huomenna"}, "issued_on"),
        ({"issue-equipment_type": "x"}, "equipment_type"),
    ],
)
def test_a_refused_issue_is_a_400_at_its_field(
    tenant_a, staff, make_period, gloves, client_for, data, field
):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/valmentautujat/{period.trainee_id}/varusteet/anna/",
        {"issue-equipment_type": gloves.pk, "issue-issued_on": str(START), **data},
    )
    assert response.status_code == 400
    assert response.context["forms"]["issue"].errors[field]
    assert not EquipmentIssue.objects.exists()


def test_a_trainee_without_an_open_period_gets_nothing(
    tenant_a, staff, make_period, gloves, client_for
):
    period = make_period("closed")
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/valmentautujat/{period.trainee_id}/varusteet/anna/",
        {"issue-equipment_type": gloves.pk, "issue-issued_on": str(START)},
    )
    assert response.status_code == 400
    assert "The trainee has no open coaching period." in response.content.decode()


def test_a_locker_is_assigned_and_its_key_returned(
    tenant_a, staff, make_period, lockers, client_for
):
    period, other = make_period("coaching"), make_period("coaching")
    services.locker_assign(actor=staff.coach, locker=lockers[0], trainee=other.trainee)
    client = _client(client_for, tenant_a, staff.coach)
    base = f"/valmentautujat/{period.trainee_id}/"

    held = client.post(f"{base}kaappi/", {"locker-locker": lockers[0].pk})
    assert held.status_code == 400  # not a free locker: not a choice
    response = client.post(
        f"{base}kaappi/", {"locker-locker": lockers[1].pk, "locker-key_issued_on": str(START)}
    )
    assert response.status_code == 302
    assignment = LockerAssignment.objects.get(trainee=period.trainee)
    page = client.get(f"{base}varusteet/").content.decode()
    assert "Locker K2" in page
    assert f"{base}kaappi/" not in page  # one locker at a time

    back = client.post(
        f"/kaapit/{assignment.pk}/palautus/",
        {"returned_on": str(timezone.localdate()), "from": "list"},
    )
    assert back.status_code == 302
    assert back["Location"] == "/varusteet/"
    assignment.refresh_from_db()
    assert assignment.key_returned_on == timezone.localdate()


def test_the_list_shows_what_is_out_ended_periods_first(
    tenant_a, staff, make_period, gloves, lockers, client_for
):
    active = make_period("coaching")
    _issue(staff, active, gloves)
    ended = make_period("coaching")
    _issue(staff, ended, gloves, size="XL")
    services.locker_assign(
        actor=staff.coach, locker=lockers[2], trainee=ended.trainee, key_issued_on=START
    )
    services.coaching_period_end(actor=staff.admin, period=ended, outcome="open_market_work")

    client = _client(client_for, tenant_a, staff.coach)
    response = client.get("/varusteet/")
    content = response.content.decode()
    assert content.index(str(ended.trainee)) < content.index(str(active.trainee))
    assert "Period ended" in content
    assert "Locker K3" in content
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert {active.trainee_id, ended.trainee_id} <= set(events.values_list("trainee_id", flat=True))
    dashboard = client.get("/tyopoyta/").content.decode()
    assert f'href="/valmentautujat/{ended.trainee_id}/varusteet/#issue-' in dashboard


def test_a_return_refused_on_the_list_is_a_400_there(
    tenant_a, staff, make_period, gloves, client_for
):
    issue = _issue(staff, make_period("coaching"), gloves)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/varusteet/{issue.pk}/palautus/", {"returned_on": "2999-01-01", "from": "list"}
    )
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert "Unreturned equipment" in response.content.decode()


def test_the_list_costs_the_same_queries_for_5_and_50(
    tenant_a, staff, make_period, gloves, client_for
):
    client = _client(client_for, tenant_a, staff.admin)

    def add(count):
        for _ in range(count):
            _issue(staff, make_period("coaching"), gloves)

    add(5)
    client.get("/varusteet/")
    with CaptureQueriesContext(connection) as five:
        assert client.get("/varusteet/").status_code == 200
    add(45)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get("/varusteet/").status_code == 200
    assert len(fifty) == len(five)


def test_another_coachs_trainee_is_out_of_reach(tenant_a, staff, make_period, gloves, client_for):
    period = make_period("coaching", coach=staff.coach2)
    issue = services.equipment_issue(
        actor=staff.coach2, trainee=period.trainee, equipment_type=gloves, issued_on=START
    )
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get(f"/valmentautujat/{period.trainee_id}/varusteet/").status_code == 404
    assert str(period.trainee) not in client.get("/varusteet/").content.decode()
    response = client.post(f"/varusteet/{issue.pk}/palautus/", {"returned_on": str(START)})
    assert response.status_code == 404
    issue.refresh_from_db()
    assert issue.returned_on is None


@pytest.mark.parametrize("role", ["unit_supervisor", "trainee"])
def test_roles_outside_the_staff_are_refused(tenant_a, make_user, client_for, role):
    client = client_for(tenant_a, make_user(tenant_a, role=role))
    assert client.get("/varusteet/").status_code == 403
