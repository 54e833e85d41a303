"""Final summaries and interim reports, their finalised versions and deliveries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competence.reports.models import ReportFile, ReportKind
from competence.reports.selectors import delivery_state, interim_interval, interim_spans

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
    is_acknowledged = serializers.BooleanField(
        help_text="The trainee has acknowledged the texts as they are now (an edit undoes it)."
    )
    acknowledged_on = serializers.DateField(allow_null=True)
    acknowledged_in_person = serializers.BooleanField(
        help_text="Staff recorded an acknowledgement the trainee gave in person."
    )

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


class AcknowledgeSerializer(serializers.Serializer[Any]):
    """The day the trainee acknowledged the texts; today when left out."""

    on = serializers.DateField(required=False, allow_null=True, default=None)


class InterimStartSerializer(serializers.Serializer[Any]):
    covers_from = serializers.DateField(
        help_text="The first day of a span of the period's interim schedule."
    )


class InterimSpanSerializer(serializers.Serializer[Any]):
    covers_from = serializers.DateField()
    covers_to = serializers.DateField()
    report = serializers.IntegerField(
        source="report.pk", allow_null=True, help_text="The span's report, if any."
    )
    finalised = serializers.BooleanField()
    due = serializers.BooleanField(
        help_text="The span has ended and no version of its report is finalised."
    )


class InterimScheduleSerializer(serializers.Serializer[Any]):
    """A period's interim schedule: the interval and the spans it gives."""

    period = serializers.IntegerField(source="pk")
    interval_months = serializers.SerializerMethodField()
    spans = serializers.SerializerMethodField()

    def get_interval_months(self, period: Any) -> int:
        return interim_interval(period=period)

    @extend_schema_field(InterimSpanSerializer(many=True))
    def get_spans(self, period: Any) -> list[dict[str, Any]]:
        return list(InterimSpanSerializer(interim_spans(period=period), many=True).data)


class InterimScheduleSetSerializer(serializers.Serializer[Any]):
    interval_months = serializers.IntegerField(
        help_text="Months between interim reports, 1–6 (the service refuses others)."
    )
