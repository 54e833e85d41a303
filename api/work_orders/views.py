"""Work orders: list, receive, change (If-Match), lines, assignment, status, tools."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import periods_visible_to
from api.base import TenantApiView
from api.common import actor_of
from api.etag import ETagMixin
from api.filters import choice_filter, id_filter
from coaching import selectors, services
from coaching.models import WorkOrderStatus
from coaching.services.work_orders import OrderedTask

from . import serializers as s

ORDER_EXAMPLE = {
    "id": 3,
    "ordering_unit": 2,
    "ordering_unit_name": "Puistotoimi",
    "description": "Penkkien kunnostus",
    "received_on": "2026-01-20",
    "requested_start_on": "2026-02-01",
    "requested_end_on": None,
    "status": "received",
    "coach": None,
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "tasks": [{"id": 1, "task": 4, "quantity": "12.00", "notes": ""}],
    "tools": [],
}


class _OrderApi(TenantApiView):
    permission_action = "work_order.manage"
    serializer_class = s.WorkOrderSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.work_order_detail_list()

    def order_data(self, pk: int) -> Any:
        return s.WorkOrderSerializer(selectors.work_order_detail_list().get(pk=pk)).data


class WorkOrderListApi(ListModelMixin, _OrderApi):
    filter_fields = {
        "status": choice_filter("status", WorkOrderStatus.choices),
        "ordering_unit": id_filter("ordering_unit_id"),
    }
    ordering_fields = {"id": "pk", "requested_start_on": "requested_start_on"}

    @extend_schema(examples=[OpenApiExample("Orders", value=[ORDER_EXAMPLE])])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=s.WorkOrderCreateSerializer,
        responses={201: s.WorkOrderSerializer},
        examples=[
            OpenApiExample(
                "Order",
                value={
                    "ordering_unit": 2,
                    "description": "Penkkien kunnostus",
                    "requested_start_on": "2026-02-01",
                    "tasks": [{"task": 4, "quantity": "12"}],
                },
                request_only=True,
            ),
            OpenApiExample(
                "Received", value=ORDER_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = s.WorkOrderCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        tasks = [OrderedTask(**line) for line in values.pop("tasks")]
        order = services.work_order_create(actor=actor_of(request), tasks=tasks, **values)
        return Response(self.order_data(order.pk), status=201)


class WorkOrderDetailApi(ETagMixin, _OrderApi):
    @extend_schema(examples=[OpenApiExample("Order", value=ORDER_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=s.WorkOrderUpdateSerializer,
        responses=s.WorkOrderSerializer,
        examples=[
            OpenApiExample(
                "Change",
                value={"description": "Penkkien kunnostus", "requested_start_on": "2026-02-03"},
                request_only=True,
            ),
            OpenApiExample("Changed", value=ORDER_EXAMPLE, response_only=True),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        data = s.WorkOrderUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = self.conditional_write(
            request,
            lambda order: services.work_order_update(
                actor=actor_of(request), order=order, **data.validated_data
            ),
        )
        order = selectors.work_order_detail_list().get(pk=order.pk)
        return self.etag_response(order, s.WorkOrderSerializer(order).data)


class WorkOrderTaskApi(_OrderApi):
    """Add a line (a catalogue task) to an open order."""

    @extend_schema(
        request=s.TaskLineSerializer,
        responses={201: s.WorkOrderSerializer},
        examples=[OpenApiExample("Line", value={"task": 4, "quantity": "3"}, request_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        order = self.get_object()
        data = s.TaskLineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.work_order_task_add(actor=actor_of(request), order=order, **data.validated_data)
        return Response(self.order_data(order.pk), status=201)


class WorkOrderAssignApi(_OrderApi):
    """Give the order a coach and the periods (trainees) who do it."""

    @extend_schema(
        request=s.AssignSerializer,
        responses=s.WorkOrderSerializer,
        examples=[OpenApiExample("Assign", value={"coach": 3, "periods": [12]}, request_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        order = self.get_object()
        data = s.AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        periods = data.validated_data.get("periods")
        if periods:
            visible = set(
                periods_visible_to(request.user)
                .filter(pk__in=[period.pk for period in periods])
                .values_list("pk", flat=True)
            )
            hidden = [period.pk for period in periods if period.pk not in visible]
            if hidden:
                message = _('Invalid pk "{pk_value}" - object does not exist.')
                raise ValidationError({"periods": [message.format(pk_value=hidden[0])]})
        services.work_order_assign(actor=actor_of(request), order=order, **data.validated_data)
        return Response(self.order_data(order.pk))


class WorkOrderTransitionApi(_OrderApi):
    @extend_schema(
        request=s.TransitionSerializer,
        responses=s.WorkOrderSerializer,
        examples=[OpenApiExample("Plan", value={"to_status": "planned"}, request_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        order = self.get_object()
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.work_order_transition(actor=actor_of(request), order=order, **data.validated_data)
        return Response(self.order_data(order.pk))


class WorkOrderToolApi(_OrderApi):
    """Lend a tool for the order."""

    @extend_schema(
        request=s.ToolLendSerializer,
        responses={201: s.WorkOrderToolSerializer},
        examples=[OpenApiExample("Lend", value={"name": "Porakone"}, request_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        order = self.get_object()
        data = s.ToolLendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tool = services.work_order_tool_lend(
            actor=actor_of(request), order=order, **data.validated_data
        )
        return Response(s.WorkOrderToolSerializer(tool).data, status=201)


class WorkOrderToolReturnApi(TenantApiView):
    permission_action = "work_order.manage"
    serializer_class = s.WorkOrderToolSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.work_order_tool_list()

    @extend_schema(
        request=s.ToolReturnSerializer,
        responses=s.WorkOrderToolSerializer,
        examples=[OpenApiExample("Return", value={"returned_on": "2026-02-10"}, request_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        tool = self.get_object()
        data = s.ToolReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tool = services.work_order_tool_return(
            actor=actor_of(request), tool=tool, **data.validated_data
        )
        return Response(s.WorkOrderToolSerializer(tool).data)
