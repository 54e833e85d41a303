"""Final summaries (loppukooste) and interim reports: thin views over competence.reports.

Reads through its selectors, writes through its services, as the report pages do. Delivering
answers the recipient's code once (the web page shows it once too); the link itself goes only
to the recipient by e-mail. A version's PDF download is logged as an ``export``, like the
web download.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponseBase
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import PeriodChildListApi, PeriodChildListCreateApi, TenantApiView
from api.common import actor_of, paged
from api.etag import ETagMixin
from coaching import selectors as coaching_selectors
from competence.reports import selectors, services
from competence.reports.models import ReportKind

from . import serializers as s

REPORT_EXAMPLE = {
    "id": 4,
    "period": 12,
    "kind": "final",
    "covers_from": "2026-03-02",
    "covers_to": "2026-08-31",
    "language": "fi",
    "work_capacity": "Jaksaa kuusi tuntia päivässä.",
    "functional_capacity": "",
    "recommendations": "Palkkatuettu työ varastossa.",
    "work_unit_input": "",
    "trainee_view": "",
    "co_authors": [2],
    "is_acknowledged": False,
    "acknowledged_on": None,
    "acknowledged_in_person": False,
}
VERSION_EXAMPLE = {
    "id": 6,
    "report": 4,
    "number": 1,
    "supersedes": None,
    "correction_reason": "",
    "language": "fi",
    "content_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "finalised_at": "2026-08-31T12:00:00+03:00",
    "finalised_by": 2,
    "pdf_status": "done",
}
DELIVERY_EXAMPLE = {
    "id": 3,
    "version": 6,
    "recipient_name": "Asiakasvastaava",
    "recipient_email": "asiakasvastaava@example.fi",
    "expires_at": "2026-09-07T12:00:00+03:00",
    "revoked_at": None,
    "open_count": 0,
    "download_count": 0,
    "state": "open",
}


@extend_schema_view(
    get=extend_schema(
        responses=s.ReportSerializer(many=True),
        examples=[OpenApiExample("Reports", value=[REPORT_EXAMPLE], response_only=True)],
    )
)
class PeriodReportListApi(PeriodChildListApi):
    """A period's final summary and interim reports."""

    permission_action = "final_summary.view"
    serializer_class = s.ReportSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return selectors.report_list(period=period)


class PeriodFinalSummaryStartApi(TenantApiView):
    """Start the period's final summary draft (or answer the one already started)."""

    permission_action = "final_summary.write"
    serializer_class = s.ReportSerializer

    def base_queryset(self) -> Any:
        return coaching_selectors.period_list()

    @extend_schema(
        request=None,
        responses={200: s.ReportSerializer, 201: s.ReportSerializer},
        examples=[
            OpenApiExample(
                "Started", value=REPORT_EXAMPLE, response_only=True, status_codes=["201"]
            ),
            OpenApiExample(
                "Already started", value=REPORT_EXAMPLE, response_only=True, status_codes=["200"]
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        existed = selectors.final_summary_get(period=period) is not None
        report = services.final_summary_draft_get_or_create(
            actor=actor_of(request), period=period, language=(get_language() or "fi")[:2]
        )
        report = selectors.report_detail_list().get(pk=report.pk)
        self.audit_read([report])
        return Response(s.ReportSerializer(report).data, status=200 if existed else 201)


class ReportDetailApi(ETagMixin, TenantApiView):
    """One report draft (ETag); co-author its texts with If-Match (``final_summary.write``)."""

    permission_action = "final_summary.view"
    write_permission_action = "final_summary.write"
    serializer_class = s.ReportSerializer

    def base_queryset(self) -> Any:
        return selectors.report_detail_list()

    @extend_schema(examples=[OpenApiExample("Report", value=REPORT_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=s.ReportTextsSerializer,
        responses=s.ReportSerializer,
        examples=[
            OpenApiExample(
                "Texts",
                value={"recommendations": "Palkkatuettu työ varastossa."},
                request_only=True,
            ),
            OpenApiExample("Saved", value=REPORT_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = s.ReportTextsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = self.conditional_write(
            request,
            lambda report: services.report_texts_update(
                actor=actor_of(request), report=report, **data.validated_data
            ),
        )
        report = selectors.report_detail_list().get(pk=report.pk)
        return self.etag_response(report, s.ReportSerializer(report).data)


class ReportFinaliseApi(TenantApiView):
    """Freeze the first version (hashed); its PDF is built in the background."""

    permission_action = "final_summary.finalise"
    serializer_class = s.VersionSerializer

    def base_queryset(self) -> Any:
        return selectors.report_detail_list()

    @extend_schema(
        request=None,
        responses={201: s.VersionSerializer},
        examples=[
            OpenApiExample(
                "Finalised",
                value={**VERSION_EXAMPLE, "pdf_status": "queued"},
                response_only=True,
                status_codes=["201"],
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        report = self.get_object()
        version = services.report_finalise(actor=actor_of(request), report=report)
        version = selectors.report_version_detail_list().get(pk=version.pk)
        return Response(s.VersionSerializer(version).data, status=201)


class ReportCorrectApi(TenantApiView):
    """A corrected version from the current data and texts; the old one stays."""

    permission_action = "final_summary.finalise"
    serializer_class = s.VersionSerializer

    def base_queryset(self) -> Any:
        return selectors.report_detail_list()

    @extend_schema(
        request=s.CorrectSerializer,
        responses={201: s.VersionSerializer},
        examples=[
            OpenApiExample("Correct", value={"reason": "Väärä päivämäärä"}, request_only=True),
            OpenApiExample(
                "Corrected",
                value={**VERSION_EXAMPLE, "id": 7, "number": 2, "supersedes": 6},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        report = self.get_object()
        data = s.CorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.report_correct(
            actor=actor_of(request), report=report, reason=data.validated_data["reason"]
        )
        version = selectors.report_version_detail_list().get(pk=version.pk)
        return Response(s.VersionSerializer(version).data, status=201)


class ReportVersionListApi(TenantApiView):
    """Every finalised version of a report, oldest first, with its PDF's state."""

    permission_action = "final_summary.view"
    serializer_class = s.VersionSerializer

    def base_queryset(self) -> Any:
        return selectors.report_detail_list()

    @extend_schema(
        responses=s.VersionSerializer(many=True),
        examples=[OpenApiExample("Versions", value=[VERSION_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        report = self.get_object()
        return paged(self, selectors.report_version_list(report=report), s.VersionSerializer)


class ReportDeliveryListApi(TenantApiView):
    """A report's deliveries (``final_summary.view``); deliver the latest version
    (``final_summary.deliver``): the code is in this answer once, never again."""

    permission_action = "final_summary.view"
    write_permission_action = "final_summary.deliver"
    serializer_class = s.DeliverySerializer

    def base_queryset(self) -> Any:
        return selectors.report_detail_list()

    @extend_schema(
        responses=s.DeliverySerializer(many=True),
        examples=[OpenApiExample("Deliveries", value=[DELIVERY_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        report = self.get_object()
        return paged(self, selectors.delivery_list(report=report), s.DeliverySerializer)

    @extend_schema(
        request=s.DeliverSerializer,
        responses={201: s.DeliverySentSerializer},
        examples=[
            OpenApiExample(
                "Deliver",
                value={
                    "recipient_name": "Asiakasvastaava",
                    "recipient_email": "asiakasvastaava@example.fi",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Sent",
                value={**DELIVERY_EXAMPLE, "code": "04718263"},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        report = self.get_object()
        data = s.DeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        latest = selectors.report_version_latest(report=report)
        if latest is None:
            raise ValidationError({"report": [_("Finalise the report first.")]})
        sent = services.delivery_create(
            actor=actor_of(request),
            version=latest,
            recipient_name=data.validated_data["recipient_name"],
            recipient_email=data.validated_data["recipient_email"],
            link_base=request.build_absolute_uri("/"),
        )
        delivery = selectors.delivery_detail_list().get(pk=sent.delivery.pk)
        body = {**s.DeliverySerializer(delivery).data, "code": sent.code}
        response = Response(body, status=201)
        response["Cache-Control"] = "no-store"
        return response


class DeliveryRevokeApi(TenantApiView):
    """Close a delivery's link at once."""

    permission_action = "final_summary.deliver"
    serializer_class = s.DeliverySerializer

    def base_queryset(self) -> Any:
        return selectors.delivery_detail_list()

    @extend_schema(
        request=None,
        responses=s.DeliverySerializer,
        examples=[
            OpenApiExample(
                "Revoked",
                value={**DELIVERY_EXAMPLE, "revoked_at": "2026-09-01T09:00:00+03:00"},
                response_only=True,
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        delivery = self.get_object()
        services.delivery_revoke(actor=actor_of(request), delivery=delivery)
        delivery = selectors.delivery_detail_list().get(pk=delivery.pk)
        return Response(s.DeliverySerializer(delivery).data)


class ReportVersionPdfApi(TenantApiView):
    """A finalised version's PDF; each download is logged as an export (as on the web)."""

    permission_action = "final_summary.view"
    serializer_class = s.VersionSerializer

    def base_queryset(self) -> Any:
        return selectors.report_version_detail_list()

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            302: OpenApiResponse(description="A signed, one-minute URL of the file (S3)."),
        },
        examples=[OpenApiExample("PDF", value="%PDF-1.7 …", response_only=True)],
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        pdf = services.report_pdf_export(actor=actor_of(request), version=self.get_object())
        if pdf is None:
            raise Http404(_("The PDF is not ready yet."))
        return pdf.response()


# --- Interim reports and the trainee's acknowledgement ---

INTERIM_EXAMPLE = {
    **REPORT_EXAMPLE,
    "id": 5,
    "kind": "interim",
    "covers_from": "2026-03-02",
    "covers_to": "2026-04-01",
    "recommendations": "",
    "co_authors": [],
}
SCHEDULE_EXAMPLE = {
    "period": 12,
    "interval_months": 1,
    "spans": [
        {
            "covers_from": "2026-03-02",
            "covers_to": "2026-04-01",
            "report": 5,
            "finalised": True,
            "due": False,
        },
        {
            "covers_from": "2026-04-02",
            "covers_to": "2026-05-01",
            "report": None,
            "finalised": False,
            "due": True,
        },
    ],
}


class PeriodInterimScheduleApi(ETagMixin, TenantApiView):
    """How often interim reports are due in a period, and the spans that gives (ETag); set
    the interval with If-Match (``final_summary.write``, ``interim_schedule_set``)."""

    permission_action = "final_summary.view"
    write_permission_action = "final_summary.write"
    serializer_class = s.InterimScheduleSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.period_list()

    @extend_schema(examples=[OpenApiExample("Schedule", value=SCHEDULE_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=s.InterimScheduleSetSerializer,
        responses=s.InterimScheduleSerializer,
        examples=[
            OpenApiExample("Every two months", value={"interval_months": 2}, request_only=True),
            OpenApiExample(
                "Saved", value={**SCHEDULE_EXAMPLE, "interval_months": 2}, response_only=True
            ),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        data = s.InterimScheduleSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def write(period: Any) -> Any:
            services.interim_schedule_set(
                actor=actor_of(request),
                period=period,
                interval_months=data.validated_data["interval_months"],
            )
            return period

        period = self.conditional_write(request, write)
        return self.etag_response(period, s.InterimScheduleSerializer(period).data)


@extend_schema_view(
    get=extend_schema(
        responses=s.ReportSerializer(many=True),
        examples=[OpenApiExample("Interim reports", value=[INTERIM_EXAMPLE], response_only=True)],
    ),
    post=extend_schema(
        request=s.InterimStartSerializer,
        responses={200: s.ReportSerializer, 201: s.ReportSerializer},
        examples=[
            OpenApiExample("Span", value={"covers_from": "2026-03-02"}, request_only=True),
            OpenApiExample(
                "Started", value=INTERIM_EXAMPLE, response_only=True, status_codes=["201"]
            ),
            OpenApiExample(
                "Already started", value=INTERIM_EXAMPLE, response_only=True, status_codes=["200"]
            ),
        ],
    ),
)
class PeriodInterimReportListApi(PeriodChildListCreateApi):
    """A period's interim reports (``final_summary.view``); start the draft of a span of its
    schedule (``final_summary.write``; 200 with the draft already started)."""

    permission_action = "final_summary.view"
    write_permission_action = "final_summary.write"
    serializer_class = s.ReportSerializer
    create_serializer_class = s.InterimStartSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return selectors.report_list(period=period, kind=ReportKind.INTERIM)

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        existed = (
            selectors.report_list(period=period, kind=ReportKind.INTERIM)
            .filter(covers_from=values["covers_from"])
            .exists()
        )
        report = services.interim_report_draft_get_or_create(
            actor=actor_of(self.request),
            period=period,
            covers_from=values["covers_from"],
            language=(get_language() or "fi")[:2],
        )
        return selectors.report_detail_list().get(pk=report.pk), not existed


class ReportAcknowledgeApi(ETagMixin, TenantApiView):
    """Acknowledge a final summary or an interim report as its texts are now.

    The trainee acknowledges their own; the period's coach or career agent records an
    acknowledgement the trainee gave in person (``final_summary.acknowledge``). If-Match
    carries the report's ETag (``GET reports/{id}/``): the texts acknowledged are the texts
    read, and a change in between is a 412.
    """

    permission_action = "final_summary.acknowledge"
    serializer_class = s.ReportSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.report_detail_list()

    @extend_schema(
        request=s.AcknowledgeSerializer,
        responses=s.ReportSerializer,
        examples=[
            OpenApiExample("In person", value={"on": "2026-08-28"}, request_only=True),
            OpenApiExample(
                "Acknowledged",
                value={
                    **REPORT_EXAMPLE,
                    "is_acknowledged": True,
                    "acknowledged_on": "2026-08-28",
                    "acknowledged_in_person": True,
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        data = s.AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = self.conditional_write(
            request,
            lambda report: services.report_acknowledge(
                actor=actor_of(request), report=report, on=data.validated_data["on"]
            ),
        )
        report = selectors.report_detail_list().get(pk=report.pk)
        self.audit_read([report])
        return self.etag_response(report, s.ReportSerializer(report).data)
