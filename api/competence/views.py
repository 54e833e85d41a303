"""Competence records and certificates of a period; a certificate's PDF.

Writes go through ``competence.services`` as the competence page does: a tick names a
requirement of the period's page and daily-log days of the period as evidence; the trainee
acknowledges; a certificate is issued once per period and then corrected version by version.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import PeriodChildListCreateApi, TenantApiView
from api.common import actor_of
from api.etag import ETagMixin
from coaching import selectors as coaching_selectors
from coaching.models import CoachingPeriod, DailyEntry
from competence import selectors, services
from competence.certificate_pdf import certificate_filename, competence_certificate_pdf
from competence.page_selectors import competence_page_get

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


MAX_ID = 2**31 - 1
TICK_EXAMPLE = {
    "requirement": 310,
    "evidence": [41, 42],
    "reached_on": "2026-03-10",
    "additional_information": "",
}
SIGNER_EXAMPLE = {"name": "Maija Mallikas", "title": "Työvalmentaja", "organisation": "Joensuu"}


def _id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class CompetenceTickSerializer(serializers.Serializer[Any]):
    requirement = _id_field()
    evidence = serializers.ListField(child=_id_field(), min_length=1, max_length=200)
    reached_on = serializers.DateField(required=False, allow_null=True, default=None)
    additional_information = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class CompetenceRecordUpdateSerializer(serializers.Serializer[Any]):
    evidence = serializers.ListField(
        child=_id_field(), min_length=1, max_length=200, required=False
    )
    reached_on = serializers.DateField(required=False)
    additional_information = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )


class SignerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    organisation = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )


class CertificateIssueSerializer(serializers.Serializer[Any]):
    signers = serializers.ListField(child=SignerSerializer(), max_length=10)
    language = serializers.CharField(required=False, default="fi", max_length=10)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    additional_information = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class CertificateCorrectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)
    signers = serializers.ListField(child=SignerSerializer(), max_length=10, required=False)
    language = serializers.CharField(required=False, max_length=10)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    additional_information = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )


class AcknowledgedSerializer(serializers.Serializer[Any]):
    acknowledged = serializers.IntegerField()


def _evidence(period: CoachingPeriod, ids: list[int]) -> list[DailyEntry]:
    """The daily entries named; the service refuses entries of another period."""
    entries = list(DailyEntry.objects.filter(period=period, pk__in=ids))
    if len(entries) != len(set(ids)):
        raise ValidationError(
            {"evidence": [_("Evidence must come from the daily log of this trainee's period.")]}
        )
    return entries


def _signers(rows: list[dict[str, str]]) -> list[services.Signer]:
    return [services.Signer(**row) for row in rows]


@extend_schema_view(
    get=extend_schema(
        responses=CompetenceRecordSerializer(many=True),
        examples=[OpenApiExample("Records", value=[RECORD_EXAMPLE], response_only=True)],
    ),
    post=extend_schema(
        request=CompetenceTickSerializer,
        responses={201: CompetenceRecordSerializer},
        examples=[
            OpenApiExample("Tick", value=TICK_EXAMPLE, request_only=True),
            OpenApiExample(
                "Ticked", value=RECORD_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    ),
)
class PeriodCompetenceRecordListApi(PeriodChildListCreateApi):
    """The competence a period's trainee has shown, requirement by requirement; a new tick
    (``competence.record``)."""

    permission_action = "competence.view"
    write_permission_action = "competence.record"
    serializer_class = CompetenceRecordSerializer
    create_serializer_class = CompetenceTickSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return selectors.competence_record_list(period=period)

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        row = competence_page_get(period=period).row(values["requirement"])
        if row is None:
            raise ValidationError(
                {"requirement": [_("Choose a requirement of this page that is not ticked.")]}
            )
        record = services.competence_record_tick(
            actor=actor_of(self.request),
            period=period,
            requirement=row.requirement,
            evidence=_evidence(period, values["evidence"]),
            reached_on=values["reached_on"],
            additional_information=values["additional_information"],
        )
        return selectors.competence_record_detail_list().get(pk=record.pk), True


class PeriodCompetenceAcknowledgeApi(TenantApiView):
    """The trainee acknowledges every record of their period as it is now."""

    permission_action = "competence.acknowledge"
    serializer_class = AcknowledgedSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.period_list()

    @extend_schema(
        request=None,
        responses=AcknowledgedSerializer,
        examples=[OpenApiExample("Acknowledged", value={"acknowledged": 3}, response_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        count = services.competence_records_acknowledge(actor=actor_of(request), period=period)
        return Response({"acknowledged": count})


class CompetenceRecordDetailApi(ETagMixin, TenantApiView):
    """One competence record (ETag); change its evidence, date or note with If-Match."""

    permission_action = "competence.view"
    write_permission_action = "competence.record"
    serializer_class = CompetenceRecordSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.competence_record_detail_list()

    @extend_schema(examples=[OpenApiExample("Record", value=RECORD_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=CompetenceRecordUpdateSerializer,
        responses=CompetenceRecordSerializer,
        examples=[
            OpenApiExample(
                "Change", value={"additional_information": "Myös trukilla"}, request_only=True
            ),
            OpenApiExample("Changed", value=RECORD_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = CompetenceRecordUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)

        def write(record: Any) -> Any:
            if "evidence" in values:
                values["evidence"] = _evidence(record.period, values["evidence"])
            return services.competence_record_update(
                actor=actor_of(request), record=record, **values
            )

        record = self.conditional_write(request, write)
        record = selectors.competence_record_detail_list().get(pk=record.pk)
        return self.etag_response(record, CompetenceRecordSerializer(record).data)


class CompetenceRecordUntickApi(TenantApiView):
    """Withdraw a tick made by mistake; the record stays, so the trainee sees the change."""

    permission_action = "competence.record"
    serializer_class = CompetenceRecordSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.competence_record_detail_list()

    @extend_schema(
        request=None,
        responses=CompetenceRecordSerializer,
        examples=[
            OpenApiExample(
                "Withdrawn", value={**RECORD_EXAMPLE, "reached": False}, response_only=True
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        record = self.get_object()
        record = services.competence_record_untick(actor=actor_of(request), record=record)
        record = selectors.competence_record_detail_list().get(pk=record.pk)
        return Response(CompetenceRecordSerializer(record).data)


@extend_schema_view(
    get=extend_schema(
        responses=CertificateSerializer(many=True),
        examples=[OpenApiExample("Certificates", value=[CERTIFICATE_EXAMPLE], response_only=True)],
    ),
    post=extend_schema(
        request=CertificateIssueSerializer,
        responses={201: CertificateSerializer},
        examples=[
            OpenApiExample(
                "Issue",
                value={"signers": [SIGNER_EXAMPLE], "language": "fi", "issued_on": "2026-06-30"},
                request_only=True,
            ),
            OpenApiExample(
                "Issued", value=CERTIFICATE_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    ),
)
class PeriodCertificateListApi(PeriodChildListCreateApi):
    """Every issued version of the period's competence certificate; issue the first one
    (``competence.certificate.issue``)."""

    permission_action = "competence.view"
    write_permission_action = "competence.certificate.issue"
    serializer_class = CertificateSerializer
    create_serializer_class = CertificateIssueSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return selectors.competence_certificate_list(period=period)

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        certificate = services.competence_certificate_issue(
            actor=actor_of(self.request),
            period=period,
            signers=_signers(values["signers"]),
            language=values["language"],
            issued_on=values["issued_on"],
            additional_information=values["additional_information"],
        )
        return certificate, True


class CertificateCorrectApi(TenantApiView):
    """Issue a corrected version of the latest certificate; the old one stays as it was."""

    permission_action = "competence.certificate.issue"
    serializer_class = CertificateSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.competence_certificate_detail_list()

    @extend_schema(
        request=CertificateCorrectSerializer,
        responses={201: CertificateSerializer},
        examples=[
            OpenApiExample("Correct", value={"reason": "Väärä allekirjoittaja"}, request_only=True),
            OpenApiExample(
                "Corrected",
                value={**CERTIFICATE_EXAMPLE, "id": 2, "version": 2},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        certificate = self.get_object()
        data = CertificateCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "signers" in values:
            values["signers"] = _signers(values["signers"])
        corrected = services.competence_certificate_correct(
            actor=actor_of(request), certificate=certificate, **values
        )
        return Response(CertificateSerializer(corrected).data, status=201)


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
