"""Reads for final summaries and interim reports: the assembled data, drafts, versions, deliveries.

``report_assemble`` gathers what a summary states about a span of a period from the records
themselves (nothing is typed twice): dates and phase, participation statuses, attendance and
hours, tasks and their levels, the work units where the work happened, the capacity indicator
from the first to the last coach occasion per dimension, competence reached and the goals with
how they ended. The result is plain JSON, so a finalised version freezes it as it was.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import FileResponse, HttpResponseBase, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.http import content_disposition_header

from coaching.models import (
    CoachingPeriod,
    DailyEntry,
    DailyEntryTask,
    Goal,
    PeriodStatus,
)
from coaching.trainee_selectors import task_levels
from competence.capacity.models import Assessment, Occasion, RaterType
from competence.capacity.selectors import capacity_assessment_list, capacity_change
from competence.models import CompetenceRecord
from valmo.storage import TenantS3Storage

from .models import Delivery, Report, ReportFile, ReportKind, ReportSchedule, ReportVersion
from .pdf import report_filename

TEXT_FIELDS = (
    "work_capacity",
    "functional_capacity",
    "recommendations",
    "work_unit_input",
    "trainee_view",
)


def canonical_json(data: dict[str, Any]) -> bytes:
    """The bytes a hash is taken of: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def report_texts_hash(report: Report) -> str:
    """What the trainee acknowledges: the written sections as they are now."""
    return content_hash({name: getattr(report, name) for name in TEXT_FIELDS})


def _in_language(row: Any, field: str, language: str) -> str:
    return str(getattr(row, f"{field}_{language}", "") or getattr(row, f"{field}_fi", "") or "")


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _person(user: Any) -> str:
    return user.get_full_name() if user is not None else ""


def _indicator(period: CoachingPeriod, *, covers_to: date) -> list[dict[str, Any]]:
    """Per instrument with coach assessments: each dimension at the first and last occasion.

    The change is the indicator's own paired change (``change.py``): only items observed on
    both occasions count, and coverage says how many of the dimension's items that was.
    """
    assessments = sorted(
        capacity_assessment_list(period=period, rater_type=RaterType.COACH).filter(
            assessed_on__lte=covers_to
        ),
        key=lambda a: (list(Occasion.values).index(a.occasion), a.assessed_on, a.pk),
    )
    by_instrument: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        by_instrument.setdefault(assessment.instrument_id, []).append(assessment)
    rows = []
    for group in by_instrument.values():
        first, last = group[0], group[-1]
        names = {dimension.code: dimension.name for dimension in last.version.dimensions.all()}
        for dimension in first.version.dimensions.all():
            names.setdefault(dimension.code, dimension.name)
        dimensions = []
        comparison = capacity_change(before=first, after=last)
        for change in comparison.dimensions:
            dimensions.append(
                {
                    "code": change.code,
                    "name": names.get(change.code, change.code),
                    "first": _number(change.first.mean if change.first else None),
                    "last": _number(change.second.mean if change.second else None),
                    "change": _number(change.change) if first.pk != last.pk else None,
                    "paired": change.paired,
                    "items": change.items,
                }
            )
        rows.append(
            {
                "instrument": last.version.name,
                "scale_max": max(point.value for point in last.version.scale_points.all()),
                "first": {
                    "occasion": str(Occasion(first.occasion).label),
                    "date": first.assessed_on.isoformat(),
                },
                "last": {
                    "occasion": str(Occasion(last.occasion).label),
                    "date": last.assessed_on.isoformat(),
                },
                "dimensions": dimensions,
            }
        )
    return rows


def report_assemble(
    *, period: CoachingPeriod, covers_from: date, covers_to: date, language: str
) -> dict[str, Any]:
    """Everything the records say about the span, as plain JSON in ``language``."""
    with translation.override(language):
        return _assemble(period, covers_from, covers_to, language)


def _assemble(
    period: CoachingPeriod, covers_from: date, covers_to: date, language: str
) -> dict[str, Any]:
    period = (
        CoachingPeriod.objects.select_related(
            "trainee", "coach", "career_agent", "placement_unit", "referral__case_manager"
        )
        .filter(pk=period.pk)
        .get()
    )
    trainee = period.trainee
    entries = DailyEntry.objects.filter(period=period, date__range=(covers_from, covers_to))
    attendance = {
        row["attendance"]: row["days"]
        for row in entries.values("attendance").annotate(days=Count("pk")).order_by()
    }
    hours = entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    statuses = [
        {
            "status": str(row.status.name),
            "valid_from": row.valid_from.isoformat(),
            "valid_until": row.valid_until.isoformat() if row.valid_until else None,
            "days_per_week": row.days_per_week,
            "hours_per_day": str(row.hours_per_day),
        }
        for row in PeriodStatus.objects.filter(period=period)
        .filter(valid_from__lte=covers_to)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=covers_from))
        .select_related("status")
        .order_by("valid_from", "pk")
    ]
    units = [
        {"name": row["task__ordering_unit__name"], "days": row["days"]}
        for row in DailyEntryTask.objects.filter(
            entry__in=entries.filter(attendance="present"), task__ordering_unit__isnull=False
        )
        .values("task__ordering_unit__name")
        .annotate(days=Count("entry", distinct=True))
        .order_by("-days", "task__ordering_unit__name")
    ]
    competence = [
        {
            "requirement": _in_language(record.requirement, "text", language),
            "unit": _in_language(record.requirement.unit, "name", language),
            "reached_on": record.reached_on.isoformat() if record.reached_on else None,
        }
        for record in CompetenceRecord.objects.filter(
            period=period, reached=True, reached_on__lte=covers_to
        )
        .select_related("requirement__unit")
        .order_by("requirement__unit__position", "requirement__position", "pk")
    ]
    goals = [
        {
            "text": goal.text,
            "status": str(goal.get_status_display()),
            "last_review": goal.last_review.isoformat() if goal.last_review else None,
        }
        for goal in Goal.objects.filter(period=period)
        .annotate(last_review=Max("reviews__date"))
        .order_by("created_at", "pk")
    ]
    referral = period.referral
    return {
        "language": language,
        "trainee": {
            "name": f"{trainee.first_name} {trainee.last_name}".strip(),
            "date_of_birth": trainee.date_of_birth.isoformat() if trainee.date_of_birth else None,
        },
        "period": {
            "start_on": period.start_on.isoformat(),
            "planned_end_on": period.planned_end_on.isoformat(),
            "ended_on": period.ended_on.isoformat() if period.ended_on else None,
            "phase": str(period.get_phase_display()),
            "outcome": str(period.get_outcome_display()) if period.outcome else "",
            "coach": _person(period.coach),
            "career_agent": _person(period.career_agent),
            "placement_unit": period.placement_unit.name if period.placement_unit else "",
            "case_manager": referral.case_manager.name if referral else "",
        },
        "covers": {"from": covers_from.isoformat(), "to": covers_to.isoformat()},
        "statuses": statuses,
        "attendance": {
            "days_logged": sum(attendance.values()),
            "present": attendance.get("present", 0),
            "absent": sum(days for kind, days in attendance.items() if kind != "present"),
            "by_kind": {key: attendance[key] for key in sorted(attendance)},
            "hours": str(hours),
        },
        "tasks": [
            {
                "task": row.task,
                "start_level": row.start_level,
                "level": row.level,
                "changes": row.changes,
            }
            for row in task_levels(period)
        ],
        "work_units": units,
        "indicator": _indicator(period, covers_to=covers_to),
        "competence": competence,
        "goals": goals,
    }


# --- Drafts, versions, schedule ---


def final_summary_get(*, period: CoachingPeriod) -> Report | None:
    return (
        Report.objects.filter(period=period, kind=ReportKind.FINAL)
        .prefetch_related("co_authors")
        .first()
    )


def report_list(*, period: CoachingPeriod, kind: str | None = None) -> QuerySet[Report]:
    """The period's final summary and interim reports (or one ``kind``), oldest span first."""
    rows = report_detail_list().filter(period=period)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows.order_by("covers_from", "pk")


def report_detail_list() -> QuerySet[Report]:
    """Reports with their co-authors (for reads by id, scoped by the caller)."""
    return Report.objects.select_related("period").prefetch_related("co_authors")


def report_version_detail_list() -> QuerySet[ReportVersion]:
    """Versions with their report, period and PDF (for reads by id, scoped by the caller)."""
    return ReportVersion.objects.select_related("report__period", "finalised_by", "file")


def delivery_detail_list() -> QuerySet[Delivery]:
    """Deliveries with their version's report (for reads by id, scoped by the caller)."""
    return Delivery.objects.select_related("version__report__period", "sent_by", "revoked_by")


def report_version_list(*, report: Report) -> QuerySet[ReportVersion]:
    """Every finalised version, oldest first, with its PDF's state."""
    return (
        ReportVersion.objects.filter(report=report)
        .select_related("finalised_by", "file")
        .order_by("number")
    )


def report_version_latest(*, report: Report) -> ReportVersion | None:
    return ReportVersion.objects.filter(report=report).order_by("-number").first()


def report_file_get(*, version: ReportVersion) -> ReportFile | None:
    return ReportFile.objects.filter(version=version).first()


SIGNED_URL_SECONDS = 60  # S3 downloads: a short-lived signed URL, each one audited


@dataclass(frozen=True)
class ReportPdf:
    """A finalised version's built PDF, ready to hand over (staff download or recipient)."""

    version: ReportVersion
    storage_name: str

    @property
    def filename(self) -> str:
        return report_filename(self.version)

    def response(self) -> HttpResponseBase:
        """S3: a redirect to a signed URL valid for a minute; local disk: streamed by this host.

        The one download answer of the web page, the recipient's page and the API.
        """
        if isinstance(default_storage, TenantS3Storage):
            url = default_storage.url(
                self.storage_name,
                parameters={
                    "ResponseContentDisposition": content_disposition_header(True, self.filename)
                    or ""
                },
                expire=SIGNED_URL_SECONDS,
            )
            return HttpResponseRedirect(url)
        handle = default_storage.open(self.storage_name, "rb")
        return FileResponse(
            handle, as_attachment=True, filename=self.filename, content_type="application/pdf"
        )


def report_pdf_get(*, version: ReportVersion) -> ReportPdf | None:
    """The version's PDF, or ``None`` while it is still being built."""
    row = report_file_get(version=version)
    if row is None or not row.file:
        return None
    return ReportPdf(version=version, storage_name=row.file.name)


def interim_interval(*, period: CoachingPeriod) -> int:
    schedule = ReportSchedule.objects.filter(period=period).first()
    return schedule.interval_months if schedule is not None else 1


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class InterimSpan:
    covers_from: date
    covers_to: date
    report: Report | None
    finalised: bool
    due: bool  # the span has ended and nothing is finalised for it yet


def interim_spans(*, period: CoachingPeriod, today: date | None = None) -> list[InterimSpan]:
    """The period's interim spans by its schedule, each with its report and whether it is due.

    Spans run from the period's start in steps of the interval; the last one ends with the
    period (its end or planned end). Two queries.
    """
    today = today or timezone.localdate()
    months = interim_interval(period=period)
    end = period.ended_on or period.planned_end_on
    reports = {
        report.covers_from: report
        for report in Report.objects.filter(period=period, kind=ReportKind.INTERIM).annotate(
            finalised_versions=Count("versions")
        )
    }
    spans = []
    start = period.start_on
    step = 1
    while start <= end and step <= 120:
        following = _add_months(period.start_on, months * step)
        span_end = min(following - timedelta(days=1), end)
        report = reports.get(start)
        finalised = report is not None and report.finalised_versions > 0
        spans.append(
            InterimSpan(
                covers_from=start,
                covers_to=span_end,
                report=report,
                finalised=finalised,
                due=span_end < today and not finalised,
            )
        )
        start = following
        step += 1
    return spans


def interim_reports_due(
    *, periods: QuerySet[CoachingPeriod], today: date
) -> list[tuple[CoachingPeriod, InterimSpan]]:
    """(period, span) of every ended span without a finalised interim report: the coach's list."""
    rows = []
    for period in periods.exclude(phase__in=["closed"]).select_related("trainee"):
        for span in interim_spans(period=period, today=today):
            if span.due:
                rows.append((period, span))
    return rows


def delivery_list(*, report: Report) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(version__report=report)
        .select_related("version", "sent_by", "revoked_by")
        .order_by("-created_at")
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def delivery_by_token(*, token: str) -> Delivery | None:
    """The delivery a link names (its token is stored only as a hash)."""
    return (
        Delivery.objects.filter(token_hash=token_hash(token))
        .select_related("version__report__period", "version__file")
        .first()
    )


def delivery_state(delivery: Delivery, *, now: Any = None) -> str:
    """``open``, ``expired``, ``revoked`` or ``locked`` (too many wrong codes)."""
    now = now or timezone.now()
    if delivery.revoked_at is not None:
        return "revoked"
    if delivery.failed_attempts >= MAX_CODE_ATTEMPTS:
        return "locked"
    if delivery.expires_at <= now:
        return "expired"
    return "open"


MAX_CODE_ATTEMPTS = 5
