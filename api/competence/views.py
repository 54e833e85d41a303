"""Competence records and certificates of a period; a certificate's PDF."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantApiView
from api.common import paged
from api.etag import ETagMixin
from coaching import selectors as coaching_selectors
from competence import selectors
from competence.certificate_pdf import certificate_filename, competence_certificate_pdf

RECORD_EXAMPLE = {
    "id": 5,
    "period": 12,
    "requirement": 310,
    "requirement_text": "Työskentelee turvallisesti",
    "reached": True,
    "reached_on": "2026-03-10",
    "environment": 2,
    "additional_information": "",
    "evidence": [41, 42],
}
CERTIFICATE_EXAMPLE = {
    "id": 1,
    "period": 12,
    "version": 1,
    "language": "fi",
    "issued_on": "2026-06-30",
    "content_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
}


class CompetenceRecordSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    requirement = serializers.IntegerField(source="requirement_id")
    requirement_text = serializers.CharField(source="requirement.__str__")
    reached = serializers.BooleanField()
    reached_on = serializers.DateField()
    environment = serializers.IntegerField(source="environment_id", allow_null=True)
    additional_information = serializers.CharField()
    evidence = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_evidence(self, record: Any) -> list[int]:
        """The daily entries that show it (prefetched by the selector)."""
        return [entry.pk for entry in record.evidence.all()]


class CertificateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    version = serializers.IntegerField()
    language = serializers.CharField()
    issued_on = serializers.DateField()
    content_hash = serializers.CharField()


class PeriodCompetenceRecordListApi(TenantApiView):
    """The competence a period's trainee has shown, requirement by requirement."""

    permission_action = "competence.view"
    serializer_class = CompetenceRecordSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.period_list()

    @extend_schema(
        responses=CompetenceRecordSerializer(many=True),
        examples=[OpenApiExample("Records", value=[RECORD_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        return paged(
            self, selectors.competence_record_list(period=period), CompetenceRecordSerializer
        )


class PeriodCertificateListApi(TenantApiView):
    """Every issued version of the period's competence certificate."""

    permission_action = "competence.view"
    serializer_class = CertificateSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.period_list()

    @extend_schema(
        responses=CertificateSerializer(many=True),
        examples=[OpenApiExample("Certificates", value=[CERTIFICATE_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        rows = selectors.competence_certificate_list(period=period)
        return paged(self, rows, CertificateSerializer)


class CertificateDetailApi(ETagMixin, TenantApiView):
    permission_action = "competence.view"
    serializer_class = CertificateSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.competence_certificate_detail_list()

    @extend_schema(examples=[OpenApiExample("Certificate", value=CERTIFICATE_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)


class CertificatePdfApi(TenantApiView):
    """The certificate as the tagged PDF the trainee receives."""

    permission_action = "competence.view"
    serializer_class = CertificateSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.competence_certificate_detail_list()

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        examples=[OpenApiExample("PDF", value="%PDF-1.7 …", response_only=True)],
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        certificate = self.get_object()
        self.audit_read([certificate])
        response = HttpResponse(
            competence_certificate_pdf(certificate=certificate), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{certificate_filename(certificate)}"'
        )
        return response
