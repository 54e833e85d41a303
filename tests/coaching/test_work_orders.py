from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching import selectors, services
from coaching.models import (
    WorkOrder,
    WorkOrderStatusChange,
    WorkOrderTask,
    WorkOrderTool,
    WorkTask,
    WorkUnit,
)
from coaching.services import OrderedTask

from .conftest import at

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 2)


@pytest.fixture
def unit(staff):
    return WorkUnit.objects.create(
        name="Kiinteistöpalvelut",
        supervisor=staff.supervisor,
        contact_name="Esa Esihenkilö",
        contact_email="esa@example.fi",
        contact_phone="040 123",
    )


@pytest.fixture
def tasks(tenant_a):
    return list(WorkTask.objects.order_by("pk")[:2])


@pytest.fixture
def make_order(staff, unit, tasks):
    def make(**changes):
        params = {
            "actor": staff.coach,
            "ordering_unit": unit,
            "description": "Koulun pihan kevätsiivous",
            "received_on": RECEIVED,
            "requested_start_on": date(2026, 3, 16),
            "requested_end_on": date(2026, 3, 20),
            "tasks": [OrderedTask(tasks[0], Decimal(2), "Etupiha ja takapiha")],
            "at": at(RECEIVED),
        }
        return services.work_order_create(**(params | changes))

    return make


def _history(order):
    return list(
        WorkOrderStatusChange.objects.filter(order=order).values_list("from_status", "to_status")
    )


def test_order_is_received_with_its_tasks_and_the_units_contact(make_order, tasks):
    order = make_order(requested_end_on=None)

    assert (order.status, order.requested_end_on) == ("received", None)
    assert (order.contact_name, order.contact_email, order.contact_phone) == (
        "Esa Esihenkilö",
        "esa@example.fi",
        "040 123",
    )
    assert list(WorkOrderTask.objects.values_list("task", "quantity", "notes")) == [
        (tasks[0].pk, Decimal("2.00"), "Etupiha ja takapiha")
    ]
    assert _history(order) == [("", "received")]


def test_order_goes_through_its_statuses_and_keeps_the_history(staff, make_order):
    order = make_order()
    services.work_order_assign(actor=staff.coach, order=order, coach=staff.coach)

    for step, day in (("planned", 3), ("in_progress", 16), ("done", 20)):
        services.work_order_transition(
            actor=staff.coach, order=order, to_status=step, at=at(date(2026, 3, day))
        )

    assert WorkOrder.objects.get(pk=order.pk).status == "done"
    assert _history(order) == [
        ("", "received"),
        ("received", "planned"),
        ("planned", "in_progress"),
        ("in_progress", "done"),
    ]


@pytest.mark.parametrize(
    ("path", "to_status"),
    [
        ([], "done"),
        ([], "in_progress"),
        (["planned", "in_progress", "done"], "cancelled"),
        (["cancelled"], "planned"),
        (["planned"], "received"),
    ],
)
def test_disallowed_status_changes_are_refused(staff, make_order, path, to_status):
    order = make_order(coach=staff.coach)
    for step in path:
        services.work_order_transition(actor=staff.coach, order=order, to_status=step, reason="x")

    with pytest.raises(ValidationError) as error:
        services.work_order_transition(
            actor=staff.coach, order=order, to_status=to_status, reason="x"
        )

    assert list(error.value.message_dict) == ["to_status"]
    assert len(_history(order)) == len(path) + 1


def test_cancellation_needs_a_reason(staff, make_order):
    order = make_order()

    with pytest.raises(ValidationError) as error:
        services.work_order_transition(actor=staff.coach, order=order, to_status="cancelled")
    services.work_order_transition(
        actor=staff.coach, order=order, to_status="cancelled", reason="Yksikkö perui"
    )

    assert error.value.message_dict == {"reason": ["Give a reason for the cancellation."]}
    assert WorkOrderStatusChange.objects.get(to_status="cancelled").reason == "Yksikkö perui"


@pytest.mark.parametrize(
    ("changes", "field"), [({"tasks": []}, "tasks"), ({}, "coach")], ids=["no task", "no coach"]
)
def test_planning_needs_a_task_and_a_coach(staff, make_order, changes, field):
    order = make_order(**changes)

    with pytest.raises(ValidationError) as error:
        services.work_order_transition(actor=staff.coach, order=order, to_status="planned")

    assert list(error.value.message_dict) == [field]
    assert WorkOrder.objects.get(pk=order.pk).status == "received"


def test_change_cannot_be_dated_before_the_previous_one(staff, make_order):
    order = make_order(coach=staff.coach)

    with pytest.raises(ValidationError) as error:
        services.work_order_transition(
            actor=staff.coach,
            order=order,
            to_status="planned",
            at=at(RECEIVED) - timedelta(hours=1),
        )

    assert list(error.value.message_dict) == ["at"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"requested_end_on": date(2026, 3, 15)}, "requested_end_on"),
        ({"requested_start_on": date(2026, 3, 1)}, "requested_start_on"),
        ({"received_on": timezone.localdate() + timedelta(days=1)}, "received_on"),
        ({"description": " "}, "description"),
        ({"tasks": "retired"}, "tasks"),
        ({"tasks": "twice"}, "tasks"),
        ({"tasks": "negative"}, "tasks"),
        ({"coach": "supervisor"}, "coach"),
        ({"ordering_unit": "inactive"}, "ordering_unit"),
    ],
)
def test_invalid_order_is_refused(staff, unit, tasks, make_order, changes, field):
    value = next(iter(changes.values()))
    if value == "retired":
        tasks[1].retired_at = timezone.now()
        tasks[1].save()
        changes = {"tasks": [OrderedTask(tasks[1])]}
    elif value == "twice":
        changes = {"tasks": [OrderedTask(tasks[0]), OrderedTask(tasks[0], notes="uudestaan")]}
    elif value == "negative":
        changes = {"tasks": [OrderedTask(tasks[0], Decimal(-1))]}
    elif value == "supervisor":
        changes = {"coach": staff.supervisor}
    elif value == "inactive":
        unit.is_active = False
        unit.save()
        changes = {}

    with pytest.raises(ValidationError) as error:
        make_order(**changes)

    assert list(error.value.message_dict) == [field]
    assert WorkOrder.objects.count() == 0
    assert WorkOrderTask.objects.count() == 0


def test_tasks_are_added_to_open_orders_only_and_never_retired(staff, make_order, tasks):
    order = make_order()
    services.work_order_task_add(actor=staff.coach, order=order, task=tasks[1], notes="Ikkunat")
    retired = WorkTask.objects.exclude(pk__in=[t.pk for t in tasks]).first()
    retired.retired_at = timezone.now()
    retired.save()

    with pytest.raises(ValidationError) as retired_error:
        services.work_order_task_add(actor=staff.coach, order=order, task=retired)
    with pytest.raises(ValidationError) as twice_error:
        services.work_order_task_add(actor=staff.coach, order=order, task=tasks[1])
    services.work_order_transition(
        actor=staff.coach, order=order, to_status="cancelled", reason="x"
    )
    with pytest.raises(ValidationError) as closed_error:
        services.work_order_task_add(actor=staff.coach, order=order, task=retired)

    assert list(retired_error.value.message_dict) == ["task"]
    assert list(twice_error.value.message_dict) == ["task"]
    assert list(closed_error.value.message_dict) == ["order"]
    assert list(order.tasks.values_list("task", flat=True)) == [tasks[0].pk, tasks[1].pk]


def test_trainees_in_a_coach_group_are_assigned(staff, make_order, make_period):
    order = make_order()
    group = [make_period("coaching"), make_period("pre_coaching")]
    ended = make_period("ended")

    services.work_order_assign(actor=staff.coach, order=order, periods=group, coach=staff.coach2)
    with pytest.raises(ValidationError) as error:
        services.work_order_assign(actor=staff.coach, order=order, periods=[group[0], ended])

    order.refresh_from_db()
    assert list(error.value.message_dict) == ["periods"]
    assert order.coach == staff.coach2
    assert set(order.periods.values_list("pk", flat=True)) == {p.pk for p in group}


def test_assigning_and_unassigning_trainees_is_audited(staff, make_order, make_period):
    from privacy.models import AuditEvent

    order = make_order()
    first, second = make_period("coaching"), make_period("coaching")

    def period_changes() -> list[tuple[int, str]]:
        return sorted(
            AuditEvent.objects.filter(
                object_type="coaching.coachingperiod", action="change", actor_id=staff.coach.pk
            ).values_list("trainee_id", "object_id")
        )

    services.work_order_assign(actor=staff.coach, order=order, periods=[first, second])
    assert period_changes() == sorted(
        [(first.trainee_id, str(first.pk)), (second.trainee_id, str(second.pk))]
    )

    services.work_order_assign(actor=staff.coach, order=order, periods=[first])
    assert period_changes().count((second.trainee_id, str(second.pk))) == 2
    assert period_changes().count((first.trainee_id, str(first.pk))) == 1

    order.periods.clear()  # outside a service: still logged, as the system
    assert AuditEvent.objects.filter(
        object_type="coaching.coachingperiod", object_id=str(first.pk), actor_id=None
    ).exists()


def test_done_order_cannot_be_reassigned(staff, make_order, make_period):
    order = make_order(coach=staff.coach)
    for step in ("planned", "in_progress", "done"):
        services.work_order_transition(actor=staff.coach, order=order, to_status=step)

    with pytest.raises(ValidationError) as error:
        services.work_order_assign(
            actor=staff.coach, order=order, periods=[make_period("coaching")]
        )

    assert list(error.value.message_dict) == ["order"]


def test_lent_tools_are_returned(staff, make_order):
    order = make_order()
    rake = services.work_order_tool_lend(
        actor=staff.coach, order=order, name="Harava", quantity=4, lent_on=date(2026, 3, 16)
    )
    services.work_order_tool_lend(actor=staff.coach, order=order, name="Lehtipuhallin")

    services.work_order_tool_return(actor=staff.coach, tool=rake, returned_on=date(2026, 3, 20))

    assert [t.name for t in selectors.lent_tool_outstanding_list()] == ["Lehtipuhallin"]
    assert WorkOrderTool.objects.get(pk=rake.pk).returned_on == date(2026, 3, 20)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"quantity": 0}, "quantity"),
        ({"lent_on": timezone.localdate() + timedelta(days=1)}, "lent_on"),
    ],
)
def test_invalid_loan_is_refused(staff, make_order, changes, field):
    params = {"name": "Harava", "quantity": 1, "lent_on": date(2026, 3, 16)}

    with pytest.raises(ValidationError) as error:
        services.work_order_tool_lend(actor=staff.coach, order=make_order(), **(params | changes))

    assert list(error.value.message_dict) == [field]
    assert WorkOrderTool.objects.count() == 0


def test_tool_return_dates_must_be_sane(staff, make_order):
    tool = services.work_order_tool_lend(
        actor=staff.coach, order=make_order(), name="Harava", lent_on=date(2026, 3, 16)
    )

    for returned_on in (date(2026, 3, 15), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.work_order_tool_return(actor=staff.coach, tool=tool, returned_on=returned_on)
        assert list(error.value.message_dict) == ["returned_on"]
    services.work_order_tool_return(actor=staff.coach, tool=tool, returned_on=date(2026, 3, 16))
    with pytest.raises(ValidationError) as error:
        services.work_order_tool_return(actor=staff.coach, tool=tool)

    assert error.value.message_dict == {"returned_on": ["The tool has already been returned."]}


def test_only_staff_handles_orders(tenant_a, make_user, unit, make_order):
    order = make_order()
    supervisor = make_user(tenant_a, role="unit_supervisor")

    with pytest.raises(PermissionDenied):
        services.work_order_create(
            actor=supervisor,
            ordering_unit=unit,
            description="x",
            requested_start_on=timezone.localdate(),
        )
    with pytest.raises(PermissionDenied):
        services.work_order_transition(actor=supervisor, order=order, to_status="cancelled")


def test_open_orders_per_unit(staff, unit, make_order):
    other = WorkUnit.objects.create(name="Ateriapalvelut")
    first = make_order()
    second = make_order(requested_start_on=date(2026, 3, 9), requested_end_on=None)
    make_order(ordering_unit=other)
    services.work_order_transition(
        actor=staff.coach, order=make_order(ordering_unit=other), to_status="cancelled", reason="x"
    )
    WorkUnit.objects.create(name="Koulupalvelut")

    per_unit = [(u.name, u.open_orders) for u in selectors.work_unit_open_order_list()]
    of_unit = [o.pk for o in selectors.open_work_order_list(unit=unit)]

    assert per_unit == [("Kiinteistöpalvelut", 2), ("Ateriapalvelut", 1)]
    assert of_unit == [second.pk, first.pk]
    assert len(selectors.open_work_order_list()) == 3


def test_order_detail_is_loaded_in_constant_queries(
    staff, make_order, make_period, tasks, django_assert_num_queries
):
    order = make_order(tasks=[OrderedTask(t) for t in tasks])
    services.work_order_assign(
        actor=staff.coach, order=order, coach=staff.coach, periods=[make_period("coaching")]
    )
    services.work_order_tool_lend(actor=staff.coach, order=order, name="Harava")

    # The order with unit and coach, then tasks, their catalogue tasks, tools, periods,
    # trainees, status changes and actors; each behind the search-path statement.
    with django_assert_num_queries(16):
        loaded = selectors.work_order_get(pk=order.pk)
        summary = (
            [line.task.name for line in loaded.tasks.all()],
            [tool.name for tool in loaded.tools.all()],
            [str(period.trainee) for period in loaded.periods.all()],
            [change.actor.pk for change in loaded.status_changes.all()],
        )

    assert summary[0] == [t.name for t in tasks]
    assert summary[1:] == (["Harava"], [str(order.periods.get().trainee)], [staff.coach.pk])
