"""Equipment and lockers per trainee: what is held, issue, take back."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantApiView
from api.common import actor_of, paged
from coaching import selectors, services

from . import serializers as s

ISSUE_EXAMPLE = {
    "id": 2,
    "trainee": 9,
    "equipment_type": "Turvakengät",
    "size": "42",
    "issued_on": "2026-02-01",
    "returned_on": None,
    "note": "",
}
LOCKER_EXAMPLE = {
    "id": 1,
    "locker": 5,
    "locker_number": "A5",
    "trainee": 9,
    "key_issued_on": "2026-02-01",
    "key_returned_on": None,
}


class TraineeEquipmentApi(TenantApiView):
    """Equipment issued to a trainee (``equipment.view``); issue more (``equipment.manage``)."""

    permission_action = "equipment.view"
    write_permission_action = "equipment.manage"
    serializer_class = s.EquipmentIssueSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.trainee_list()

    @extend_schema(
        responses=s.EquipmentIssueSerializer(many=True),
        examples=[OpenApiExample("Held", value=[ISSUE_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        trainee = self.get_object()
        issues = selectors.equipment_issue_list().filter(trainee=trainee)
        return paged(self, issues, s.EquipmentIssueSerializer)

    @extend_schema(
        request=s.EquipmentIssueCreateSerializer,
        responses={201: s.EquipmentIssueSerializer},
        examples=[
            OpenApiExample("Issue", value={"equipment_type": 1, "size": "42"}, request_only=True),
            OpenApiExample("Issued", value=ISSUE_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        trainee = self.get_object()
        data = s.EquipmentIssueCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issue = services.equipment_issue(
            actor=actor_of(request), trainee=trainee, **data.validated_data
        )
        return Response(s.EquipmentIssueSerializer(issue).data, status=201)


class EquipmentReturnApi(TenantApiView):
    permission_action = "equipment.manage"
    serializer_class = s.EquipmentIssueSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.equipment_issue_list()

    @extend_schema(
        request=s.ReturnSerializer,
        responses=s.EquipmentIssueSerializer,
        examples=[
            OpenApiExample("Return", value={"returned_on": "2026-03-01"}, request_only=True),
            OpenApiExample("Returned", value=ISSUE_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        issue = self.get_object()
        data = s.ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issue = services.equipment_return(
            actor=actor_of(request), issue=issue, **data.validated_data
        )
        return Response(s.EquipmentIssueSerializer(issue).data)


class TraineeLockerApi(TenantApiView):
    """A trainee's locker keys; assign a locker."""

    permission_action = "equipment.view"
    write_permission_action = "equipment.manage"
    serializer_class = s.LockerAssignmentSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.trainee_list()

    @extend_schema(
        responses=s.LockerAssignmentSerializer(many=True),
        examples=[OpenApiExample("Lockers", value=[LOCKER_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        trainee = self.get_object()
        rows = selectors.locker_assignment_list().filter(trainee=trainee)
        return paged(self, rows, s.LockerAssignmentSerializer)

    @extend_schema(
        request=s.LockerAssignSerializer,
        responses={201: s.LockerAssignmentSerializer},
        examples=[
            OpenApiExample("Assign", value={"locker": 5}, request_only=True),
            OpenApiExample(
                "Assigned", value=LOCKER_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        trainee = self.get_object()
        data = s.LockerAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.locker_assign(
            actor=actor_of(request), trainee=trainee, **data.validated_data
        )
        return Response(s.LockerAssignmentSerializer(row).data, status=201)


class LockerKeyReturnApi(TenantApiView):
    permission_action = "equipment.manage"
    serializer_class = s.LockerAssignmentSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.locker_assignment_list()

    @extend_schema(
        request=s.ReturnSerializer,
        responses=s.LockerAssignmentSerializer,
        examples=[OpenApiExample("Return", value={"returned_on": "2026-03-01"}, request_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        row = self.get_object()
        data = s.ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.locker_key_return(
            actor=actor_of(request),
            assignment=row,
            key_returned_on=data.validated_data["returned_on"],
        )
        return Response(s.LockerAssignmentSerializer(row).data)
