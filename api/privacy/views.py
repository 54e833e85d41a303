"""Privacy endpoints: the data-subject export and the access log ("who has seen my data")."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import selectors as account_selectors
from accounts.models import User
from api.base import TenantApiView
from api.pagination import BoundedLimitOffsetPagination
from coaching import selectors as coaching_selectors
from privacy import audit, selectors, services


class AuditEventSerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    actor_id = serializers.IntegerField(allow_null=True)
    actor = serializers.CharField(source="actor_display")
    role = serializers.CharField(source="actor_role")
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    trainee_id = serializers.IntegerField(allow_null=True)
    section = serializers.CharField()
    purpose = serializers.CharField()
    ip = serializers.CharField(allow_null=True)
    request_id = serializers.CharField(allow_null=True)


class TraineeExportApi(TenantApiView):
    """Everything about one trainee: ``?as=json`` (default), ``html`` or ``pdf``."""

    permission_action = "trainee.export"

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.trainee_list()

    @extend_schema(
        parameters=[
            OpenApiParameter("as", str, enum=["json", "html", "pdf"], description="Format.")
        ],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
        examples=[OpenApiExample("PDF export", value="?as=pdf", request_only=True)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        trainee = self.get_object()
        export = services.trainee_export(
            actor=cast("User", request.user),  # the permission check refused anonymous users
            trainee=trainee,
            fmt=request.query_params.get("as", "json"),
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response


class TraineeAuditEventListApi(ListModelMixin, TenantApiView):
    """Who has seen or changed one trainee's data (the trainee sees their own)."""

    permission_action = "audit.view"
    serializer_class = AuditEventSerializer
    # The log is read newest first by position (limit/offset), not by a cursor over ids.
    pagination_class = BoundedLimitOffsetPagination

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.trainee_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        trainee = self.get_object()
        self.audit_read([trainee])
        events = selectors.audit_events_for_trainee(trainee_id=trainee.pk)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class UserAuditEventListApi(ListModelMixin, TenantApiView):
    """Everything one user has accessed, for the tenant admin and the data-protection officer."""

    permission_action = "audit.view_user"
    serializer_class = AuditEventSerializer
    pagination_class = BoundedLimitOffsetPagination

    def base_queryset(self) -> QuerySet[Any]:
        return account_selectors.user_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.get_object()
        audit.record(
            action="read",
            object_type="accounts.user",
            object_id=user.pk,
            section="access_log",
            purpose="access_log_review",
        )
        events = selectors.audit_events_for_user(user_id=user.pk)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
