"""Reads for the work order screens: the list and one order with its parts.

The viewer's reach over trainees comes in as a queryset of periods from the permission layer:
an order is the environment's shared work, but the trainees on it are shown by name only to
those who may see their periods.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import (
    CoachingPeriod,
    WorkOrder,
    WorkOrderStatusChange,
    WorkOrderTask,
    WorkOrderTool,
)
from .models.periods import GROUP_PHASES
from .models.work_orders import OPEN_WORK_ORDER_STATUSES

OPEN = "open"


def work_order_list(*, status: str = "", unit_id: int | None = None) -> QuerySet[WorkOrder]:
    """Orders newest requested first, ``status`` ``"open"`` meaning not done or cancelled.

    Each row carries ``trainee_count`` and ``tools_out``; one query whatever the page size.
    """
    orders = WorkOrder.objects.all()
    if status == OPEN:
        orders = orders.filter(status__in=OPEN_WORK_ORDER_STATUSES)
    elif status:
        orders = orders.filter(status=status)
    if unit_id is not None:
        orders = orders.filter(ordering_unit_id=unit_id)
    return (
        orders.select_related("ordering_unit", "coach")
        .annotate(
            trainee_count=Count("periods", distinct=True),
            tools_out=Count("tools", filter=Q(tools__returned_on__isnull=True), distinct=True),
        )
        .order_by("-requested_start_on", "-pk")
    )


@dataclass
class WorkOrderPage:
    order: WorkOrder
    tasks: list[WorkOrderTask]
    tools: list[WorkOrderTool]
    history: list[WorkOrderStatusChange]
    periods: list[CoachingPeriod]  # the assigned periods the viewer may see
    hidden_period_ids: list[int]  # assigned, but another coach's trainees

    @property
    def is_open(self) -> bool:
        return self.order.status in OPEN_WORK_ORDER_STATUSES


def work_order_get(*, pk: int, visible_periods: QuerySet[CoachingPeriod]) -> WorkOrderPage | None:
    """One order with its ordered tasks, lent tools, status history and assigned trainees."""
    order = (
        WorkOrder.objects.select_related("ordering_unit", "coach", "created_by")
        .filter(pk=pk)
        .first()
    )
    if order is None:
        return None
    assigned = list(order.periods.values_list("pk", flat=True))
    periods = list(
        visible_periods.filter(pk__in=assigned)
        .select_related("trainee", "coach")
        .order_by("trainee__last_name", "trainee__first_name", "pk")
    )
    shown = {period.pk for period in periods}
    return WorkOrderPage(
        order=order,
        tasks=list(order.tasks.select_related("task").order_by("pk")),
        tools=list(order.tools.order_by("returned_on", "lent_on", "pk")),
        history=list(order.status_changes.select_related("actor").order_by("at", "pk")),
        periods=periods,
        hidden_period_ids=[pk for pk in assigned if pk not in shown],
    )


def work_order_assignable_periods(
    *, visible_periods: QuerySet[CoachingPeriod]
) -> QuerySet[CoachingPeriod]:
    """The viewer's trainees who can take part in an order: those in a coach's group."""
    return (
        visible_periods.filter(phase__in=GROUP_PHASES)
        .select_related("trainee")
        .order_by("trainee__last_name", "trainee__first_name", "pk")
    )
