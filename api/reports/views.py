"""Final summaries (loppukooste) and interim reports: thin views over competence.reports.

Reads through its selectors, writes through its services, as the report pages do. Delivering
answers the recipient's code once (the web page shows it once too); the link itself goes only
to the recipient by e-mail. A version's PDF download is logged as an ``export``, like the
web download.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseBase, HttpResponseRedirect
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import rule_for
from api.base import TenantApiView
from api.common import actor_of, paged
from api.etag import ETagMixin
from coaching import selectors as coaching_selectors
from competence.reports import selectors, services
from competence.reports.pdf import report_filename
from privacy import audit
from privacy.models import AuditEvent
from valmo.storage import TenantS3Storage

from . import serializers as s

SIGNED_URL_SECONDS = 60  # as the web download: a short-lived signed URL, each one audited

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


class PeriodReportListApi(TenantApiView):
    """A period's final summary and interim reports."""

    permission_action = "final_summary.view"
    serializer_class = s.ReportSerializer

    def base_queryset(self) -> Any:
        return coaching_selectors.period_list()

    @extend_schema(
        responses=s.ReportSerializer(many=True),
        examples=[OpenApiExample("Reports", value=[REPORT_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        return paged(self, selectors.report_list(period=period), s.ReportSerializer)


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
        version = self.get_object()
        row = selectors.report_file_get(version=version)
        if row is None or not row.file:
            raise Http404(_("The PDF is not ready yet."))
        rule = rule_for(self.permission_action)
        audit.record(
            action=AuditEvent.Action.EXPORT,
            obj=version,
            trainee_id=version.report.period.trainee_id,
            section=rule.section,
            purpose=rule.purpose,
            detail={"format": "pdf", "version": version.number},
        )
        filename = report_filename(version)
        if isinstance(default_storage, TenantS3Storage):
            url = default_storage.url(
                row.file.name,
                parameters={
                    "ResponseContentDisposition": content_disposition_header(True, filename) or ""
                },
                expire=SIGNED_URL_SECONDS,
            )
            return HttpResponseRedirect(url)
        handle = default_storage.open(row.file.name, "rb")
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type="application/pdf"
        )
