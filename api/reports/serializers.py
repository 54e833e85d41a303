"""Final summaries and interim reports, their finalised versions and deliveries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competence.reports.models import ReportFile, ReportKind
from competence.reports.selectors import delivery_state

TEXT_MAX = 20_000


class ReportSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    covers_from = serializers.DateField()
    covers_to = serializers.DateField()
    language = serializers.CharField()
    work_capacity = serializers.CharField()
    functional_capacity = serializers.CharField()
    recommendations = serializers.CharField()
    work_unit_input = serializers.CharField()
    trainee_view = serializers.CharField()
    co_authors = serializers.SerializerMethodField()
    is_acknowledged = serializers.BooleanField()
    acknowledged_on = serializers.DateField(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_co_authors(self, report: Any) -> list[int]:
        """Everyone who has written in the texts (prefetched by the selector)."""
        return sorted(user.pk for user in report.co_authors.all())


class ReportTextsSerializer(serializers.Serializer[Any]):
    """The sections to replace; a section left out stays as it is."""

    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    work_capacity = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    functional_capacity = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX
    )
    recommendations = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    work_unit_input = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    trainee_view = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)


class VersionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    report = serializers.IntegerField(source="report_id")
    number = serializers.IntegerField()
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)
    correction_reason = serializers.CharField()
    language = serializers.CharField()
    content_hash = serializers.CharField()
    finalised_at = serializers.DateTimeField()
    finalised_by = serializers.IntegerField(source="finalised_by_id")
    pdf_status = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=ReportFile.Status.choices))
    def get_pdf_status(self, version: Any) -> str:
        """``done`` when the PDF can be downloaded."""
        row = getattr(version, "file", None)
        return row.status if row is not None else ReportFile.Status.QUEUED


class CorrectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class DeliverSerializer(serializers.Serializer[Any]):
    recipient_name = serializers.CharField(max_length=200)
    recipient_email = serializers.CharField(max_length=254)


class DeliverySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    version = serializers.IntegerField(source="version_id")
    recipient_name = serializers.CharField()
    recipient_email = serializers.CharField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    open_count = serializers.IntegerField()
    download_count = serializers.IntegerField()
    state = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["open", "expired", "revoked", "locked"]))
    def get_state(self, delivery: Any) -> str:
        return delivery_state(delivery)


class DeliverySentSerializer(DeliverySerializer):
    code = serializers.CharField(
        help_text="The code the recipient needs: shown here once, never again."
    )
