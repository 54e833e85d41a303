"""Work orders through the web app: list, create, edit, tasks, assignment, status, tools."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching import services
from coaching.models import WorkOrder, WorkOrderTool, WorkTask, WorkUnit
from coaching.services import OrderedTask
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def unit(staff):
    return WorkUnit.objects.create(
        name="Kiinteistöpalvelut", supervisor=staff.supervisor, contact_name="Esa Esihenkilö"
    )


@pytest.fixture
def tasks(tenant_a):
    return list(WorkTask.objects.filter(retired_at__isnull=True).order_by("pk")[:2])


@pytest.fixture
def make_order(staff, unit, tasks):
    today = timezone.localdate()

    def make(description="Koulun pihan syyssiivous", **changes):
        params = {
            "actor": staff.admin,
            "ordering_unit": unit,
            "description": description,
            "received_on": today - timedelta(days=3),
            "requested_start_on": today,
            "tasks": [OrderedTask(tasks[0])],
        }
        return services.work_order_create(**(params | changes))

    return make


def test_the_list_shows_orders_with_their_status_and_filters(
    tenant_a, staff, unit, make_order, client_for
):
    make_order("Astiahuolto")
    planned = make_order("Lumityöt", coach=staff.coach)
    services.work_order_transition(actor=staff.admin, order=planned, to_status="planned")
    client = _client(client_for, tenant_a, staff.coach)

    page = client.get("/tyotilaukset/").content.decode()
    assert "Astiahuolto" in page
    assert "Lumityöt" in page
    assert "hds-status-label--info" in page  # planned
    only_planned = client.get("/tyotilaukset/?status=planned").content.decode()
    assert "Lumityöt" in only_planned
    assert "Astiahuolto" not in only_planned
    open_ones = client.get(f"/tyotilaukset/?status=open&unit={unit.pk}").content.decode()
    assert "Lumityöt" in open_ones
    assert "Astiahuolto" in open_ones


@pytest.mark.parametrize("query", ["status=nonsense", "unit=x", "unit=999999", "page=0"])
def test_bad_filters_are_a_400(tenant_a, staff, client_for, query):
    response = _client(client_for, tenant_a, staff.coach).get(f"/tyotilaukset/?{query}")
    assert response.status_code == 400


def test_the_list_costs_the_same_queries_for_5_and_50(
    tenant_a, staff, make_order, make_period, client_for
):
    periods = [make_period("coaching"), make_period("coaching")]

    def add(count):
        for index in range(count):
            order = make_order(f"Tilaus {index}", coach=staff.coach)
            services.work_order_assign(actor=staff.admin, order=order, periods=periods)
            services.work_order_tool_lend(actor=staff.admin, order=order, name="Harava")

    client = _client(client_for, tenant_a, staff.admin)
    add(5)
    client.get("/tyotilaukset/")  # warm the session and caches
    with CaptureQueriesContext(connection) as five:
        assert client.get("/tyotilaukset/").status_code == 200
    add(45)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get("/tyotilaukset/").status_code == 200
    assert len(fifty) == len(five)


def test_a_coach_creates_an_order(tenant_a, staff, unit, tasks, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    today = timezone.localdate()
    assert client.get("/tyotilaukset/uusi/").status_code == 200
    response = client.post(
        "/tyotilaukset/uusi/",
        {
            "ordering_unit": unit.pk,
            "description": "Kalusteiden siirto",
            "received_on": today.isoformat(),
            "requested_start_on": (today + timedelta(days=7)).isoformat(),
            "task": tasks[0].pk,
            "quantity": "3",
            "coach": staff.coach.pk,
        },
    )
    order = WorkOrder.objects.get(description="Kalusteiden siirto")
    assert response.status_code == 302
    assert response["Location"] == f"/tyotilaukset/{order.pk}/"
    assert (order.status, order.coach, order.contact_name) == (
        "received",
        staff.coach,
        "Esa Esihenkilö",
    )
    assert order.tasks.get().quantity == 3


def test_a_refused_order_is_a_400_at_its_field(tenant_a, staff, unit, tasks, client_for):
    today = timezone.localdate()
    response = _client(client_for, tenant_a, staff.coach).post(
        "/tyotilaukset/uusi/",
        {
            "ordering_unit": unit.pk,
            "description": "Kalusteiden siirto",
            "received_on": today.isoformat(),
            "requested_start_on": (today - timedelta(days=1)).isoformat(),
            "task": tasks[0].pk,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["requested_start_on"]
    assert not WorkOrder.objects.exists()
    garbage = _client(client_for, tenant_a, staff.coach).post(
        "/tyotilaukset/uusi/", {"ordering_unit": "x", "received_on": "eilen"}
    )
    assert garbage.status_code == 400


def test_the_order_goes_from_received_to_done(tenant_a, staff, make_order, tasks, client_for):
    order = make_order()
    client = _client(client_for, tenant_a, staff.coach)
    base = f"/tyotilaukset/{order.pk}/"

    refused = client.post(f"{base}tila/", {"status-to_status": "planned"})
    assert refused.status_code == 400
    assert "Assign a work coach first." in str(refused.context["forms"]["assign"].errors["coach"])

    assert client.post(f"{base}tehtavat/", {"task-task": tasks[1].pk}).status_code == 302
    assert client.post(f"{base}osoita/", {"assign-coach": staff.coach.pk}).status_code == 302
    for status in ("planned", "in_progress", "done"):
        response = client.post(f"{base}tila/", {"status-to_status": status})
        assert response.status_code == 302, status
    order.refresh_from_db()
    assert order.status == "done"
    assert order.tasks.count() == 2
    page = client.get(base).content.decode()
    assert "hds-status-label--success" in page
    assert f"{base}tila/" not in page  # no buttons on a done order


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status-to_status": "done"}, "to_status", "A work order cannot move from"),
        ({"status-to_status": "cancelled"}, "reason", "Give a reason for the cancellation."),
        ({"status-to_status": "nonsense"}, "to_status", "Select a valid choice."),
    ],
)
def test_each_status_refusal_is_at_its_field(
    tenant_a, staff, make_order, client_for, data, field, message
):
    order = make_order(coach=staff.coach)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/tyotilaukset/{order.pk}/tila/", data
    )
    assert response.status_code == 400
    errors = response.context["forms"]["transition"].errors[field]
    assert any(message in error for error in errors)
    order.refresh_from_db()
    assert order.status == "received"


def test_a_missing_task_is_shown_at_the_task_form(tenant_a, staff, make_order, client_for):
    order = make_order(coach=staff.coach, tasks=[])
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/tyotilaukset/{order.pk}/tila/", {"status-to_status": "planned"}
    )
    assert response.status_code == 400
    assert "Add at least one ordered task first." in str(
        response.context["forms"]["task"].errors["task"]
    )


def test_the_order_is_edited_and_refusals_are_400(tenant_a, staff, make_order, client_for):
    order = make_order()
    client = _client(client_for, tenant_a, staff.coach)
    day = timezone.localdate() + timedelta(days=2)
    data = {
        "edit-description": "Koulun pihan kevätsiivous",
        "edit-requested_start_on": day.isoformat(),
        "edit-requested_end_on": (day + timedelta(days=1)).isoformat(),
        "edit-contact_name": "Eija",
    }
    assert client.post(f"/tyotilaukset/{order.pk}/muokkaa/", data).status_code == 302
    order.refresh_from_db()
    assert (order.description, order.requested_start_on, order.contact_name) == (
        "Koulun pihan kevätsiivous",
        day,
        "Eija",
    )
    bad = data | {"edit-requested_end_on": (day - timedelta(days=1)).isoformat()}
    response = client.post(f"/tyotilaukset/{order.pk}/muokkaa/", bad)
    assert response.status_code == 400
    assert response.context["forms"]["edit"].errors["requested_end_on"]
    duplicate = client.post(f"/tyotilaukset/{order.pk}/tehtavat/", {"task-task": "x"})
    assert duplicate.status_code == 400


def test_a_coach_assigns_own_trainees_and_keeps_others(
    tenant_a, staff, make_order, make_period, client_for
):
    order = make_order()
    mine, theirs = make_period("coaching"), make_period("coaching", coach=staff.coach2)
    services.work_order_assign(actor=staff.admin, order=order, periods=[theirs])
    client = _client(client_for, tenant_a, staff.coach)

    response = client.post(
        f"/tyotilaukset/{order.pk}/osoita/",
        {"assign-coach": staff.coach.pk, "assign-periods": [mine.pk]},
    )
    assert response.status_code == 302
    assert set(order.periods.values_list("pk", flat=True)) == {mine.pk, theirs.pk}
    page = client.get(f"/tyotilaukset/{order.pk}/")
    content = page.content.decode()
    assert str(mine.trainee) in content
    assert str(theirs.trainee) not in content
    assert "1 trainee of another coach" in content
    events = AuditEvent.objects.filter(request_id=page["X-Request-ID"], action="read")
    assert mine.trainee_id in set(events.values_list("trainee_id", flat=True))
    other = client.post(f"/tyotilaukset/{order.pk}/osoita/", {"assign-periods": [theirs.pk]})
    assert other.status_code == 400  # not a choice for this coach


def test_tools_are_lent_and_returned(tenant_a, staff, make_order, client_for):
    order = make_order()
    client = _client(client_for, tenant_a, staff.coach)
    today = timezone.localdate()
    response = client.post(
        f"/tyotilaukset/{order.pk}/tyovalineet/",
        {"tool-name": "Lehtipuhallin", "tool-quantity": "2", "tool-lent_on": today.isoformat()},
    )
    assert response.status_code == 302
    tool = WorkOrderTool.objects.get()
    future = client.post(
        f"/tyotilaukset/tyovalineet/{tool.pk}/palautus/",
        {"return-returned_on": (today + timedelta(days=1)).isoformat()},
    )
    assert future.status_code == 400
    assert "A return cannot be dated in the future." in future.content.decode()
    back = client.post(
        f"/tyotilaukset/tyovalineet/{tool.pk}/palautus/",
        {"return-returned_on": today.isoformat()},
    )
    assert back.status_code == 302
    tool.refresh_from_db()
    assert tool.returned_on == today
    zero = client.post(
        f"/tyotilaukset/{order.pk}/tyovalineet/",
        {"tool-name": "Harava", "tool-quantity": "0", "tool-lent_on": today.isoformat()},
    )
    assert zero.status_code == 400


def test_the_dashboard_links_a_lent_tool_to_its_order(tenant_a, staff, make_order, client_for):
    order = make_order()
    services.work_order_tool_lend(actor=staff.admin, order=order, name="Kuljetuskärry")
    page = _client(client_for, tenant_a, staff.coach).get("/tyopoyta/").content.decode()
    assert f'href="/tyotilaukset/{order.pk}/#order-tools"' in page


@pytest.mark.parametrize("role", ["unit_supervisor", "trainee"])
def test_roles_outside_the_staff_are_refused(tenant_a, make_user, make_order, client_for, role):
    order = make_order()
    client = client_for(tenant_a, make_user(tenant_a, role=role))
    assert client.get("/tyotilaukset/").status_code == 403
    assert client.get(f"/tyotilaukset/{order.pk}/").status_code == 403
    response = client.post(f"/tyotilaukset/{order.pk}/tila/", {"status-to_status": "cancelled"})
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == "received"


def test_navigation_shows_work_orders_to_the_staff(tenant_a, staff, make_user, client_for):
    coach_page = _client(client_for, tenant_a, staff.coach).get("/").content.decode()
    supervisor = make_user(tenant_a, role="unit_supervisor")
    supervisor_page = _client(client_for, tenant_a, supervisor).get("/").content.decode()
    assert 'href="/tyotilaukset/"' in coach_page
    assert 'href="/tyotilaukset/"' not in supervisor_page


def test_an_unknown_order_is_a_404(tenant_a, staff, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get("/tyotilaukset/999999/").status_code == 404
    assert client.post("/tyotilaukset/tyovalineet/999999/palautus/").status_code == 404


def test_a_closed_order_refuses_changes_with_a_visible_message(
    tenant_a, staff, make_order, tasks, client_for
):
    order = make_order()
    services.work_order_transition(
        actor=staff.admin, order=order, to_status="cancelled", reason="Yksikkö perui"
    )
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/tyotilaukset/{order.pk}/tehtavat/", {"task-task": tasks[1].pk}
    )
    assert response.status_code == 400
    assert "The work order is already done or cancelled." in response.content.decode()
    assert order.tasks.count() == 1
