"""Coaching activities: list, create, change (If-Match) and record attendance."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantApiView
from api.common import actor_of
from api.etag import ETagMixin
from api.filters import date_filter
from coaching import selectors, services
from coaching.services import ParticipantInput
from coaching.services.activities import AttendanceRefused, activity_update

from . import serializers as s

ACTIVITY_EXAMPLE = {
    "id": 4,
    "type": "info",
    "title": "Työnhakuklinikka",
    "starts_at": "2026-02-03T09:00:00+02:00",
    "ends_at": "2026-02-03T11:00:00+02:00",
    "place": "Kokoustila 2",
    "organiser": "Kirjasto",
    "description": "",
    "participants": [{"period": 12, "attendance": "registered", "note": ""}],
}
WRITE_EXAMPLE = {
    "activity_type": "info",
    "title": "Työnhakuklinikka",
    "starts_at": "2026-02-03T09:00:00+02:00",
    "ends_at": "2026-02-03T11:00:00+02:00",
    "place": "Kokoustila 2",
}


class ActivityListApi(ListModelMixin, TenantApiView):
    permission_action = "activity.manage"
    audit_related = ("participants",)
    serializer_class = s.ActivitySerializer
    filter_fields = {
        "starts_from": date_filter("starts_at__date__gte", "Activities starting on or after."),
        "starts_until": date_filter("starts_at__date__lte", "Activities starting on or before."),
    }
    ordering_fields = {"id": "pk", "starts_at": "starts_at"}

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.activity_detail_list()

    @extend_schema(examples=[OpenApiExample("Activities", value=[ACTIVITY_EXAMPLE])])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=s.ActivityWriteSerializer,
        responses={201: s.ActivitySerializer},
        examples=[
            OpenApiExample("New activity", value=WRITE_EXAMPLE, request_only=True),
            OpenApiExample(
                "Created", value=ACTIVITY_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = s.ActivityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_create(actor=actor_of(request), **data.validated_data)
        activity = selectors.activity_detail_list().get(pk=activity.pk)
        return Response(s.ActivitySerializer(activity).data, status=201)


class ActivityDetailApi(ETagMixin, TenantApiView):
    permission_action = "activity.manage"
    audit_related = ("participants",)
    serializer_class = s.ActivitySerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.activity_detail_list()

    @extend_schema(examples=[OpenApiExample("Activity", value=ACTIVITY_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=s.ActivityWriteSerializer,
        responses=s.ActivitySerializer,
        examples=[
            OpenApiExample("Change", value=WRITE_EXAMPLE, request_only=True),
            OpenApiExample("Changed", value=ACTIVITY_EXAMPLE, response_only=True),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        data = s.ActivityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = self.conditional_write(
            request,
            lambda activity: activity_update(
                actor=actor_of(request), activity=activity, **data.validated_data
            ),
        )
        activity = selectors.activity_detail_list().get(pk=activity.pk)
        return self.etag_response(activity, s.ActivitySerializer(activity).data)


class ActivityAttendanceApi(TenantApiView):
    """Register participants or record attendance; repeating the call updates, never adds."""

    permission_action = "activity.manage"
    serializer_class = s.ActivitySerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.activity_detail_list()

    @extend_schema(
        request=s.AttendanceSerializer,
        responses=s.ActivitySerializer,
        examples=[
            OpenApiExample(
                "Attendance",
                value={"participants": [{"period": 12, "attendance": "attended"}]},
                request_only=True,
            ),
            OpenApiExample("Recorded", value=ACTIVITY_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = self.get_object()
        data = s.AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = data.validated_data["participants"]
        try:
            services.activity_attendance_record(
                actor=actor_of(request),
                activity=activity,
                participants=[
                    ParticipantInput(
                        period_id=row["period"], attendance=row["attendance"], note=row["note"]
                    )
                    for row in rows
                ],
            )
        except AttendanceRefused as refused:
            # Each participant's errors at its own row: participants/<index>/<field>.
            raise ValidationError(
                {"participants": [refused.by_period.get(row["period"], {}) for row in rows]}
            ) from refused
        activity = selectors.activity_detail_list().get(pk=activity.pk)
        return Response(s.ActivitySerializer(activity).data)
