"""Privacy endpoints: the data-subject export and the access log ("who has seen my data")."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework import serializers
from rest_framework.mixins import ListModelMixin

from accounts import selectors as account_selectors
from api.base import TenantApiView
from coaching import selectors as coaching_selectors
from privacy import audit, selectors, services


class AuditEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor_id = serializers.IntegerField()
    actor = serializers.CharField(source="actor_display")
    role = serializers.CharField(source="actor_role")
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    trainee_id = serializers.IntegerField()
    section = serializers.CharField()
    purpose = serializers.CharField()
    ip = serializers.CharField()
    request_id = serializers.CharField()


class TraineeExportApi(TenantApiView):
    """Everything about one trainee: ``?as=json`` (default), ``html`` or ``pdf``."""

    permission_action = "trainee.export"

    def base_queryset(self):
        return coaching_selectors.trainee_list()

    def get(self, request, *args, **kwargs):
        trainee = self.get_object()
        export = services.trainee_export(
            actor=request.user, trainee=trainee, fmt=request.query_params.get("as", "json")
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response


class TraineeAuditEventListApi(ListModelMixin, TenantApiView):
    """Who has seen or changed one trainee's data (the trainee sees their own)."""

    permission_action = "audit.view"
    serializer_class = AuditEventSerializer

    def base_queryset(self):
        return coaching_selectors.trainee_list()

    def get(self, request, *args, **kwargs):
        trainee = self.get_object()
        self.audit_read([trainee])
        events = selectors.audit_events_for_trainee(trainee_id=trainee.pk)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class UserAuditEventListApi(ListModelMixin, TenantApiView):
    """Everything one user has accessed, for the tenant admin and the data-protection officer."""

    permission_action = "audit.view_user"
    serializer_class = AuditEventSerializer

    def base_queryset(self):
        return account_selectors.user_list()

    def get(self, request, *args, **kwargs):
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
