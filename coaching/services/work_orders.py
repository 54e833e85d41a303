"""Work orders from municipal work units: ordered tasks, assignment, lent tools, status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    CoachingPeriod,
    WorkOrder,
    WorkOrderStatus,
    WorkOrderStatusChange,
    WorkOrderTask,
    WorkOrderTool,
    WorkTask,
    WorkUnit,
)
from coaching.models.periods import GROUP_PHASES
from coaching.models.work_orders import OPEN_WORK_ORDER_STATUSES

from .common import refuse, role_require

# The only allowed status changes; done and cancelled are final.
WORK_ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    WorkOrderStatus.RECEIVED: frozenset({WorkOrderStatus.PLANNED, WorkOrderStatus.CANCELLED}),
    WorkOrderStatus.PLANNED: frozenset({WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.CANCELLED}),
    WorkOrderStatus.IN_PROGRESS: frozenset({WorkOrderStatus.DONE, WorkOrderStatus.CANCELLED}),
    WorkOrderStatus.DONE: frozenset(),
    WorkOrderStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class OrderedTask:
    """One line of an order: a catalogue task with the unit's quantity and notes."""

    task: WorkTask
    quantity: Decimal | None = None
    notes: str = ""


def _order_open_require(order: WorkOrder) -> None:
    if order.status not in OPEN_WORK_ORDER_STATUSES:
        raise refuse("order", gettext("The work order is already done or cancelled."))


def _task_line_check(line: OrderedTask, field: str) -> None:
    if line.task.retired_at is not None:
        raise refuse(field, gettext("A retired task cannot be ordered (%(t)s).") % {"t": line.task})
    if line.quantity is not None and Decimal(line.quantity) <= 0:
        raise refuse(field, gettext("The quantity must be positive (%(t)s).") % {"t": line.task})


def _periods_check(periods: Sequence[CoachingPeriod]) -> None:
    for period in periods:
        if period.phase not in GROUP_PHASES:
            raise refuse(
                "periods",
                gettext("%(t)s is not in a coach's group.") % {"t": period.trainee},
            )


@transaction.atomic
@permission_required_for("work_order.manage")
def work_order_create(
    *,
    actor: User,
    ordering_unit: WorkUnit,
    description: str,
    requested_start_on: date,
    requested_end_on: date | None = None,
    received_on: date | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    coach: User | None = None,
    tasks: Sequence[OrderedTask] = (),
    at: datetime | None = None,
) -> WorkOrder:
    """Record an order from a work unit in status ``received``.

    A single requested day has no end date. The contact defaults to the unit's. The order
    cannot be requested before it was received, and retired tasks cannot be ordered.
    """
    return _work_order_build(
        actor=actor,
        ordering_unit=ordering_unit,
        description=description,
        requested_start_on=requested_start_on,
        requested_end_on=requested_end_on,
        received_on=received_on,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        coach=coach,
        tasks=tasks,
        at=at,
    )


@transaction.atomic
@permission_required_for("work_order.unit", obj="ordering_unit")
def work_order_request(
    *,
    actor: User,
    ordering_unit: WorkUnit,
    description: str,
    requested_start_on: date,
    requested_end_on: date | None = None,
    contact_phone: str = "",
    tasks: Sequence[OrderedTask] = (),
    at: datetime | None = None,
) -> WorkOrder:
    """A unit orders work itself (its supervisor, on the work floor): received today, with the
    orderer as the contact; the coaching staff then plan it as any other order."""
    return _work_order_build(
        actor=actor,
        ordering_unit=ordering_unit,
        description=description,
        requested_start_on=requested_start_on,
        requested_end_on=requested_end_on,
        received_on=None,
        contact_name=actor.get_full_name() or actor.email,
        contact_email=actor.email,
        contact_phone=contact_phone,
        coach=None,
        tasks=tasks,
        at=at,
    )


def _work_order_build(
    *,
    actor: User,
    ordering_unit: WorkUnit,
    description: str,
    requested_start_on: date,
    requested_end_on: date | None,
    received_on: date | None,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    coach: User | None,
    tasks: Sequence[OrderedTask],
    at: datetime | None,
) -> WorkOrder:
    today = timezone.localdate()
    received_on = received_on or today
    if not ordering_unit.is_active:
        raise refuse("ordering_unit", gettext("The work unit is not active."))
    if not description.strip():
        raise refuse("description", gettext("Describe the ordered work."))
    if received_on > today:
        raise refuse("received_on", gettext("An order cannot be received in the future."))
    if requested_start_on < received_on:
        raise refuse(
            "requested_start_on",
            gettext("The work cannot be requested for a day before the order was received."),
        )
    if requested_end_on is not None and requested_end_on < requested_start_on:
        raise refuse("requested_end_on", gettext("The requested end is before the start."))
    role_require(coach, User.Role.WORK_COACH, "coach")
    task_ids = [line.task.pk for line in tasks]
    if len(set(task_ids)) != len(task_ids):
        raise refuse("tasks", gettext("Each task may be ordered only once."))
    for line in tasks:
        _task_line_check(line, "tasks")
    order = WorkOrder(
        ordering_unit=ordering_unit,
        description=description.strip(),
        received_on=received_on,
        requested_start_on=requested_start_on,
        requested_end_on=requested_end_on,
        contact_name=contact_name.strip() or ordering_unit.contact_name,
        contact_email=contact_email.strip() or ordering_unit.contact_email,
        contact_phone=contact_phone.strip() or ordering_unit.contact_phone,
        coach=coach,
        created_by=actor,
    )
    order.full_clean()
    order.save()
    WorkOrderTask.objects.bulk_create(
        WorkOrderTask(order=order, task=line.task, quantity=line.quantity, notes=line.notes)
        for line in tasks
    )
    WorkOrderStatusChange.objects.create(
        order=order,
        from_status="",
        to_status=WorkOrderStatus.RECEIVED,
        actor=actor,
        at=at or timezone.now(),
        reason=gettext("Order received"),
    )
    return order


@transaction.atomic
@permission_required_for("work_order.manage")
def work_order_task_add(
    *,
    actor: User,
    order: WorkOrder,
    task: WorkTask,
    quantity: Decimal | None = None,
    notes: str = "",
) -> WorkOrderTask:
    """Add a catalogue task to an open order."""
    order = WorkOrder.objects.select_for_update().get(pk=order.pk)
    _order_open_require(order)
    _task_line_check(OrderedTask(task=task, quantity=quantity), "task")
    if order.tasks.filter(task=task).exists():
        raise refuse("task", gettext("The task is already in this order."))
    return WorkOrderTask.objects.create(order=order, task=task, quantity=quantity, notes=notes)


@transaction.atomic
@permission_required_for("work_order.manage")
def work_order_assign(
    *,
    actor: User,
    order: WorkOrder,
    coach: User | None = None,
    periods: Sequence[CoachingPeriod] | None = None,
) -> WorkOrder:
    """Set the order's coach and/or its trainees (replacing them); ``None`` leaves as is.

    Trainees must be in a coach's group (from referred to continued coaching).
    """
    order = WorkOrder.objects.select_for_update().get(pk=order.pk)
    _order_open_require(order)
    role_require(coach, User.Role.WORK_COACH, "coach")
    if periods is not None:
        _periods_check(periods)
        order.periods.set(periods)
    if coach is not None:
        order.coach = coach
        order.save(update_fields=["coach", "updated_at"])
    return order


@transaction.atomic
@permission_required_for("work_order.manage")
def work_order_transition(
    *,
    actor: User,
    order: WorkOrder,
    to_status: str,
    reason: str = "",
    at: datetime | None = None,
) -> WorkOrder:
    """Move the order along ``WORK_ORDER_TRANSITIONS`` and record the change.

    Planning or starting the work needs at least one ordered task and a coach; a
    cancellation needs a reason.
    """
    at = at or timezone.now()
    order = WorkOrder.objects.select_for_update().get(pk=order.pk)
    from_status = order.status
    if to_status not in WORK_ORDER_TRANSITIONS.get(from_status, frozenset()):
        raise refuse(
            "to_status",
            gettext("A work order cannot move from %(from)s to %(to)s.")
            % {
                "from": WorkOrderStatus(from_status).label,
                "to": WorkOrderStatus(to_status).label
                if to_status in WorkOrderStatus.values
                else to_status,
            },
        )
    if to_status == WorkOrderStatus.CANCELLED and not reason.strip():
        raise refuse("reason", gettext("Give a reason for the cancellation."))
    if to_status in (WorkOrderStatus.PLANNED, WorkOrderStatus.IN_PROGRESS):
        if not order.tasks.exists():
            raise refuse("tasks", gettext("Add at least one ordered task first."))
        if order.coach_id is None:
            raise refuse("coach", gettext("Assign a work coach first."))
    last = order.status_changes.order_by("-at", "-pk").values_list("at", flat=True).first()
    if last is not None and at < last:
        raise refuse("at", gettext("The change cannot be dated before the previous one."))
    order.status = to_status
    order.save(update_fields=["status", "updated_at"])
    WorkOrderStatusChange.objects.create(
        order=order,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        at=at,
        reason=reason.strip(),
    )
    return order


@transaction.atomic
@permission_required_for("work_order.manage")
def work_order_tool_lend(
    *,
    actor: User,
    order: WorkOrder,
    name: str,
    quantity: int = 1,
    lent_on: date | None = None,
    notes: str = "",
) -> WorkOrderTool:
    """Record a tool the ordering unit lends for an open order."""
    _order_open_require(order)
    lent_on = lent_on or timezone.localdate()
    if not name.strip():
        raise refuse("name", gettext("Name the tool."))
    if quantity < 1:
        raise refuse("quantity", gettext("The quantity must be at least 1."))
    if lent_on > timezone.localdate():
        raise refuse("lent_on", gettext("A tool cannot be lent in the future."))
    tool = WorkOrderTool(
        order=order, name=name.strip(), quantity=quantity, lent_on=lent_on, notes=notes.strip()
    )
    tool.full_clean()
    tool.save()
    return tool


@transaction.atomic
@permission_required_for("work_order.manage")
def work_order_tool_return(
    *, actor: User, tool: WorkOrderTool, returned_on: date | None = None
) -> WorkOrderTool:
    """Record that a lent tool went back to the unit."""
    tool = WorkOrderTool.objects.select_for_update().get(pk=tool.pk)
    returned_on = returned_on or timezone.localdate()
    if tool.returned_on is not None:
        raise refuse("returned_on", gettext("The tool has already been returned."))
    if returned_on > timezone.localdate():
        raise refuse("returned_on", gettext("A return cannot be dated in the future."))
    if returned_on < tool.lent_on:
        raise refuse("returned_on", gettext("A tool cannot be returned before it was lent."))
    tool.returned_on = returned_on
    tool.save(update_fields=["returned_on"])
    return tool


@transaction.atomic
@permission_required_for("work_order.manage")
def work_order_update(
    *,
    actor: User,
    order: WorkOrder,
    description: str,
    requested_start_on: date,
    requested_end_on: date | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> WorkOrder:
    """Correct an open order's description, requested dates and contact.

    The same rules as at creation hold (work not requested before the order was received,
    the end not before the start); a done or cancelled order stays as it was.
    """
    order = WorkOrder.objects.select_for_update().get(pk=order.pk)
    _order_open_require(order)
    if not description.strip():
        raise refuse("description", gettext("Describe the ordered work."))
    if requested_start_on < order.received_on:
        raise refuse(
            "requested_start_on",
            gettext("The work cannot be requested for a day before the order was received."),
        )
    if requested_end_on is not None and requested_end_on < requested_start_on:
        raise refuse("requested_end_on", gettext("The requested end is before the start."))
    order.description = description.strip()
    order.requested_start_on = requested_start_on
    order.requested_end_on = requested_end_on
    order.contact_name = contact_name.strip()
    order.contact_email = contact_email.strip()
    order.contact_phone = contact_phone.strip()
    order.full_clean()
    order.save(
        update_fields=[
            "description",
            "requested_start_on",
            "requested_end_on",
            "contact_name",
            "contact_email",
            "contact_phone",
            "updated_at",
        ]
    )
    return order
