"""Referrals: list, read, intake from a case manager's system, attachments, accept, decline."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantApiView
from api.coaching.views import PeriodOutputSerializer
from api.common import actor_of
from api.etag import ETagMixin
from api.filters import bool_filter, date_filter, id_filter
from api.parsers import UPLOAD_PARSER_CLASSES
from coaching import selectors, services

from . import serializers as s

REFERRAL_EXAMPLE = {
    "id": 5,
    "trainee": 9,
    "trainee_name": "Testi Henkilö",
    "case_manager": 2,
    "legal_basis": "employment_plan",
    "legal_basis_date": "2026-01-10",
    "requested_status": "work_trial",
    "service_form": "work_coaching",
    "target_group": None,
    "days_per_week": 4,
    "hours_per_day": "6.00",
    "planned_start_on": "2026-02-01",
    "planned_end_on": "2026-07-31",
    "planned_review_on": None,
    "goals": "Työkyvyn arviointi",
    "declined_at": None,
    "decline_reason": "",
    "attachments": [{"id": 1, "name": "tyollistymissuunnitelma.pdf", "description": ""}],
}
INTAKE_EXAMPLE = {
    "first_name": "Testi",
    "last_name": "Henkilö",
    "case_manager": 2,
    "legal_basis": "employment_plan",
    "legal_basis_date": "2026-01-10",
    "requested_status": "work_trial",
    "service_form": "work_coaching",
    "days_per_week": 4,
    "hours_per_day": "6.00",
    "planned_start_on": "2026-02-01",
    "planned_end_on": "2026-07-31",
    "goals": "Työkyvyn arviointi",
}


class ReferralListApi(ListModelMixin, TenantApiView):
    """Referrals the caller may see; filter by trainee, start date or the open queue."""

    permission_action = "referral.view"
    serializer_class = s.ReferralSerializer
    filter_fields = {
        "trainee": id_filter("trainee_id"),
        "planned_start_on": date_filter("planned_start_on"),
        "declined": bool_filter("declined_at__isnull", "true: only open (not declined)"),
    }
    ordering_fields = {"id": "pk", "planned_start_on": "planned_start_on"}

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.referral_list()

    @extend_schema(examples=[OpenApiExample("Referrals", value=[REFERRAL_EXAMPLE])])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class ReferralDetailApi(ETagMixin, TenantApiView):
    permission_action = "referral.view"
    serializer_class = s.ReferralSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.referral_list()

    @extend_schema(examples=[OpenApiExample("Referral", value=REFERRAL_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)


class ReferralIntakeApi(TenantApiView):
    """A new trainee and their referral (with documents, as multipart) in one transaction."""

    permission_action = "referral.create"
    serializer_class = s.ReferralSerializer
    parser_classes = UPLOAD_PARSER_CLASSES

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.referral_list()

    @extend_schema(
        request={
            "application/json": s.IntakeSerializer,
            "multipart/form-data": s.IntakeSerializer,
        },
        responses={201: s.ReferralSerializer},
        examples=[
            OpenApiExample("Intake", value=INTAKE_EXAMPLE, request_only=True),
            OpenApiExample(
                "Created", value=REFERRAL_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = s.IntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        files = values.pop("attachments")
        description = values.pop("attachment_description")
        trainee = {name: values.pop(name) for name in s.TRAINEE_FIELDS}
        if trainee["date_of_birth"] is None:
            del trainee["date_of_birth"]
        referral = services.referral_intake(
            actor=actor_of(request),
            trainee=trainee,
            referral=values,
            attachments=[(file, description) for file in files],
        )
        referral = selectors.referral_list().get(pk=referral.pk)
        return Response(s.ReferralSerializer(referral).data, status=201)


class ReferralAttachmentApi(TenantApiView):
    """Attach a document to a referral (multipart ``file``, ``description``)."""

    permission_action = "referral.attachment.add"
    serializer_class = s.AttachmentSerializer
    parser_classes = UPLOAD_PARSER_CLASSES

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.referral_list()

    @extend_schema(
        request={"multipart/form-data": s.AttachmentCreateSerializer},
        responses={201: s.AttachmentSerializer},
        examples=[
            OpenApiExample(
                "Attached",
                value={"id": 1, "name": "suunnitelma.pdf", "description": "Suunnitelma"},
                response_only=True,
                status_codes=["201"],
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        referral = self.get_object()
        data = s.AttachmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.referral_attachment_add(
            actor=actor_of(request), referral=referral, **data.validated_data
        )
        return Response(s.AttachmentSerializer(attachment).data, status=201)


class ReferralDeclineApi(TenantApiView):
    permission_action = "period.create"
    serializer_class = s.ReferralSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.referral_list()

    @extend_schema(
        request=s.DeclineSerializer,
        responses=s.ReferralSerializer,
        examples=[
            OpenApiExample("Decline", value={"reason": "Ei tavoitettu"}, request_only=True),
            OpenApiExample("Declined", value=REFERRAL_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        referral = self.get_object()
        data = s.DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.referral_decline(
            actor=actor_of(request), referral=referral, reason=data.validated_data["reason"]
        )
        referral = selectors.referral_list().get(pk=referral.pk)
        return Response(s.ReferralSerializer(referral).data)


class ReferralAcceptApi(TenantApiView):
    """Accept a referral: open a period for its trainee with the chosen coach."""

    permission_action = "period.create"
    serializer_class = PeriodOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.referral_list()

    @extend_schema(
        request=s.AcceptSerializer,
        responses={201: PeriodOutputSerializer},
        examples=[
            OpenApiExample(
                "Accept",
                value={"coach": 3, "start_on": "2026-02-01", "planned_end_on": "2026-07-31"},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        referral = self.get_object()
        data = s.AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.coaching_period_create(
            actor=actor_of(request),
            trainee=referral.trainee,
            referral=referral,
            **data.validated_data,
        )
        period = selectors.period_list().get(pk=result.period.pk)
        return Response(
            {**PeriodOutputSerializer(period).data, "warnings": result.warnings}, status=201
        )
