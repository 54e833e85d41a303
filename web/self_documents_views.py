"""The trainee's own pages under ``/oma/``: self-assessment, competence, documents and data.

Phone first and in plain words. Every page declares ``self.documents.view`` (trainees only, so
staff get a 403); what a page shows is read through the trainee's own scope of the rule that
guards that data (``capacity.view``, ``competence.view``, ``final_summary.view``,
``audit.view``, ``trainee.export``), so another trainee's record is a 404, and every write
goes through the existing service, which asks its own rule again. Rows shown are logged as
read; downloads reuse the staff pages' PDF addresses, which log each download as an export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import (
    can,
    periods_visible_to,
    permission_action,
    rule_for,
    scope_queryset,
    trainees_visible_to,
)
from coaching.models import CoachingPeriod, Phase
from competence.capacity.models import OCCASION_ORDER, Assessment, Occasion, RaterType
from competence.capacity.screen_selectors import (
    Entry,
    EntryLink,
    capacity_entry_get,
    capacity_period_get,
)
from competence.capacity.services import NOT_OBSERVED, capacity_assessment_submit
from competence.capacity.services.common import AnswerValue
from competence.models import CompetenceCertificate, CompetenceRecord
from competence.reports.models import Report, ReportKind, ReportVersion
from competence.reports.selectors import report_file_get, report_version_latest
from competence.reports.services import report_acknowledge
from competence.selectors import competence_record_list
from competence.services import (
    competence_record_discussion_request,
    competence_records_acknowledge,
)
from privacy import audit
from privacy.models import AuditEvent, ExportJob
from privacy.selectors import audit_events_for_trainee
from privacy.services import trainee_export_request
from privacy.tasks import trainee_export_queue
from valmo.i18n import localized

from .audit_reads import audit_read
from .period_forms import ServiceErrorsMixin

ACTION = "self.documents.view"
HANDLED_EVENTS = 500  # the newest events read for "who has handled my data"
HANDLED_ROWS = 12  # rows shown at first after grouping one person's day and action
HANDLED_ROWS_ALL = 100  # rows shown after "Show more"


# --- Whose pages these are ---------------------------------------------------------------------


def _trainee(request):
    """The signed-in trainee's own record (``trainee.view`` in scope SELF), or ``None``."""
    return trainees_visible_to(request.user, "trainee.view").first()


def _periods(request, action: str):
    return (
        periods_visible_to(request.user, action)
        .select_related("trainee", "coach", "career_agent")
        .order_by("-start_on", "-pk")
    )


def _current_period(request, action: str) -> CoachingPeriod | None:
    """The newest period still open, else the newest one."""
    periods = list(_periods(request, action))
    return next((p for p in periods if p.phase != Phase.CLOSED), periods[0] if periods else None)


def _audit_read(action: str, rows: Sequence[Model], trainee_id: int) -> None:
    audit_read(action, rows, {row.pk: trainee_id for row in rows})


def _post_only(request, url_name: str):
    return redirect(url_name) if request.method != "POST" else None


# --- 1. My self-assessment -----------------------------------------------------------------------


def _open_entries(period: CoachingPeriod, entries: tuple[EntryLink, ...]) -> list[EntryLink]:
    """Per instrument meant for the trainee, the first occasion not finalised yet (the one the
    coach expects now); none while the period is closed."""
    if period.phase == Phase.CLOSED:
        return []
    found: dict[int, EntryLink] = {}
    own = sorted(
        (e for e in entries if e.rater_type == RaterType.SELF),
        key=lambda e: OCCASION_ORDER[e.occasion],
    )
    for entry in own:
        if entry.instrument.pk in found:
            continue
        if entry.assessment is None or not entry.assessment.is_final:
            found[entry.instrument.pk] = entry
    return list(found.values())


@dataclass(frozen=True)
class EarlierAssessment:
    """A finalised self-assessment with its mean per part, in the trainee's own words."""

    assessment: Assessment
    occasion_label: str | Promise
    parts: list[tuple[str, Any]]  # (dimension name, DimensionScore or None)


def _earlier(capacity) -> list[EarlierAssessment]:
    rows = []
    own = [a for a in capacity.assessments if a.rater_type == RaterType.SELF and a.is_final]
    for assessment in sorted(own, key=lambda a: (a.assessed_on, a.pk), reverse=True):
        parts = []
        for dimension in capacity.dimensions:
            row = next((r for r in dimension.rows if r.occasion == assessment.occasion), None)
            parts.append((dimension.name, row.self_score if row is not None else None))
        rows.append(
            EarlierAssessment(
                assessment=assessment,
                occasion_label=Occasion(assessment.occasion).label,
                parts=parts,
            )
        )
    return rows


@permission_action(ACTION)
def self_assessment(request):
    """The self-assessment open now (if any) and the earlier ones."""
    period = _current_period(request, "capacity.view")
    context: dict[str, Any] = {"period": period, "open": [], "earlier": []}
    if period is not None:
        capacity = capacity_period_get(period=period)
        _audit_read("capacity.view", [period, *capacity.assessments], period.trainee_id)
        context["open"] = _open_entries(period, capacity.entries)
        context["earlier"] = _earlier(capacity)
        context["scale_top"] = max(capacity.scale, default=None)
    return render(request, "web/self/assessment.html", context)


class SelfAssessmentStepForm(ServiceErrorsMixin):
    """One part (dimension) of the self-assessment: a radio group per statement."""

    def __init__(self, entry: Entry, dimension, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(dimension.items.all())
        version = entry.version
        choices: list[tuple[str, str | Promise]] = [
            (str(point.value), point.label) for point in version.scale_points.all()
        ]
        if version.allows_not_observed:
            choices.append((NOT_OBSERVED, version.not_observed_label or _("I can't say")))
        for item in self.items:
            name = f"item-{item.code}"
            self.fields[name] = forms.ChoiceField(
                label=item.text or item.code,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            if item.code in entry.answers:
                value = entry.answers[item.code]
                self.initial[name] = NOT_OBSERVED if value is None else str(value)

    def rows(self):
        return [(item, self[f"item-{item.code}"]) for item in self.items]

    def answers(self) -> dict[str, AnswerValue]:
        """This part's answers; a statement left without a choice is not in them."""
        found: dict[str, AnswerValue] = {}
        for item in self.items:
            value = self.cleaned_data.get(f"item-{item.code}") or ""
            if value == NOT_OBSERVED:
                found[item.code] = NOT_OBSERVED
            elif value:
                found[item.code] = int(value)
        return found


def _open_entry(request, instrument: int, occasion: str) -> tuple[CoachingPeriod, EntryLink]:
    period = _current_period(request, "capacity.view")
    if period is None:
        raise Http404(gettext("You have no coaching period."))
    capacity = capacity_period_get(period=period)
    for link in _open_entries(period, capacity.entries):
        if link.instrument.pk == instrument and link.occasion == occasion:
            return period, link
    raise Http404(gettext("This self-assessment is not open."))


def _stored_answers(entry: Entry) -> dict[str, AnswerValue]:
    return {code: NOT_OBSERVED if value is None else value for code, value in entry.answers.items()}


@permission_action(ACTION)
def self_assessment_fill(request, instrument: int, occasion: str):
    """Fill in the open self-assessment one part at a time (``?osa=``, from 1); each part is
    saved as it is answered, and "Ready" on the last part finalises it."""
    if occasion not in Occasion.values:
        raise Http404
    period, link = _open_entry(request, instrument, occasion)
    entry = capacity_entry_get(
        period=period,
        instrument=link.instrument,
        occasion=occasion,
        rater_type=RaterType.SELF,
        rater=None,
    )
    if entry is None:
        raise Http404(gettext("This self-assessment is not open."))
    dimensions = list(entry.version.dimensions.all())
    step_text = request.POST.get("osa") or request.GET.get("osa") or "1"
    step = int(step_text) if step_text.isdigit() else 0
    if not 1 <= step <= len(dimensions):
        raise Http404
    dimension = dimensions[step - 1]
    shown = [period] if entry.assessment is None else [period, entry.assessment]
    _audit_read("capacity.assess", shown, period.trainee_id)
    last = step == len(dimensions)
    status = 200
    if request.method == "POST":
        form = SelfAssessmentStepForm(entry, dimension, data=request.POST)
        if form.is_valid():
            answers = {**_stored_answers(entry), **form.answers()}
            ready = last and "ready" in request.POST
            try:
                capacity_assessment_submit(
                    actor=request.user,
                    period=period,
                    version=entry.version,
                    occasion=occasion,
                    rater_type=RaterType.SELF,
                    assessed_on=entry.assessment.assessed_on
                    if entry.assessment is not None
                    else timezone.localdate(),
                    answers=answers,
                    note=entry.assessment.note if entry.assessment is not None else "",
                    finalise=ready,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                if ready:
                    messages.success(request, gettext("Thank you! Your self-assessment is ready."))
                    return redirect("self_assessment")
                if last:
                    messages.success(request, gettext("Saved. You can finish it later."))
                    return redirect("self_assessment")
                url = reverse("self_assessment_fill", args=[instrument, occasion])
                return redirect(f"{url}?osa={step + 1}")
        status = 400
    else:
        form = SelfAssessmentStepForm(entry, dimension)
    context = {
        "period": period,
        "link": link,
        "entry": entry,
        "dimension": dimension,
        "form": form,
        "step": step,
        "steps": len(dimensions),
        "last": last,
        "occasion_label": Occasion(occasion).label,
    }
    return render(request, "web/self/assessment_fill.html", context, status=status)


# --- 2. My competence ----------------------------------------------------------------------------


@dataclass
class CompetencePart:
    """A part of the qualification with the trainee's ticks in it."""

    name: str
    records: list[CompetenceRecord]


def _competence_parts(records: list[CompetenceRecord]) -> list[CompetencePart]:
    parts: dict[int, CompetencePart] = {}
    for record in records:
        unit = record.requirement.unit
        part = parts.setdefault(unit.pk, CompetencePart(name=localized(unit, "name"), records=[]))
        record.text = localized(record.requirement, "text")  # type: ignore[attr-defined]
        part.records.append(record)
    return list(parts.values())


@permission_action(ACTION)
def self_competence(request):
    """My ticks by qualification part; the ones waiting for me have "I agree" and "Let's talk"."""
    period = _current_period(request, "competence.view")
    records: list[CompetenceRecord] = []
    if period is not None:
        records = list(competence_record_list(period=period, reached_only=True))
        _audit_read("competence.view", [period, *records], period.trainee_id)
    waiting = [r for r in records if not r.is_acknowledged]
    context = {
        "period": period,
        "parts": _competence_parts(records),
        "waiting": waiting,
        "count": len(records),
    }
    return render(request, "web/self/competence.html", context)


def _my_record(request, pk: int) -> CompetenceRecord:
    record = (
        scope_queryset(request.user, "competence.view", CompetenceRecord.objects.all())
        .select_related("period__trainee")
        .filter(pk=pk, reached=True)
        .first()
    )
    if record is None:
        raise Http404(gettext("No such record."))
    return record


def _anchor(record: CompetenceRecord) -> str:
    return f"{reverse('self_competence')}#record-{record.pk}"


@permission_action(ACTION)
def self_competence_agree(request, pk: int):
    """ "I agree" on one tick: the trainee's acknowledgement of it as it is now."""
    if (response := _post_only(request, "self_competence")) is not None:
        return response
    record = _my_record(request, pk)
    try:
        competence_records_acknowledge(actor=request.user, period=record.period, records=[record])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Thank you. You agreed with the mark."))
    return redirect(_anchor(record))


@permission_action(ACTION)
def self_competence_agree_all(request):
    """ "I agree with all": every tick of the current period waiting for the trainee."""
    if (response := _post_only(request, "self_competence")) is not None:
        return response
    period = _current_period(request, "competence.view")
    if period is None:
        raise Http404(gettext("You have no coaching period."))
    count = competence_records_acknowledge(actor=request.user, period=period)
    messages.success(
        request,
        ngettext(
            "Thank you. You agreed with %(count)s mark.",
            "Thank you. You agreed with %(count)s marks.",
            count,
        )
        % {"count": count},
    )
    return redirect("self_competence")


@permission_action(ACTION)
def self_competence_discuss(request, pk: int):
    """ "I want to discuss this": the coach sees the request on the competence page."""
    if (response := _post_only(request, "self_competence")) is not None:
        return response
    record = _my_record(request, pk)
    try:
        competence_record_discussion_request(actor=request.user, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, gettext("Your coach will see that you want to talk about this mark.")
        )
    return redirect(_anchor(record))


# --- 3. My documents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    report: Report
    version: ReportVersion
    ready: bool  # the PDF is built


@permission_action(ACTION)
def self_documents(request):
    """My competence certificates, final summaries and interim reports (finalised ones only)."""
    trainee = _trainee(request)
    certificates = list(
        scope_queryset(request.user, "competence.view", CompetenceCertificate.objects.all())
        .select_related("period")
        .order_by("-issued_at", "-pk")
    )
    reports: list[ReportRow] = []
    for report in (
        scope_queryset(request.user, "final_summary.view", Report.objects.all())
        .select_related("period")
        .order_by("-covers_to", "-pk")
    ):
        version = report_version_latest(report=report)
        if version is None:
            continue  # a draft is the staff's until it is finalised
        row = report_file_get(version=version)
        reports.append(ReportRow(report=report, version=version, ready=bool(row and row.file)))
    if trainee is not None:
        _audit_read("competence.view", list(certificates), trainee.pk)
        _audit_read("final_summary.view", [r.version for r in reports], trainee.pk)
    context = {
        "certificates": certificates,
        "finals": [r for r in reports if r.report.kind == ReportKind.FINAL],
        "interims": [r for r in reports if r.report.kind == ReportKind.INTERIM],
    }
    return render(request, "web/self/documents.html", context)


def _my_report(request, pk: int) -> tuple[Report, ReportVersion]:
    report = (
        scope_queryset(request.user, "final_summary.view", Report.objects.all())
        .select_related("period__trainee")
        .filter(pk=pk)
        .first()
    )
    version = report_version_latest(report=report) if report is not None else None
    if report is None or version is None:
        raise Http404(gettext("No such report."))
    return report, version


TEXT_LABELS = {
    "work_capacity": _("How you manage at work"),
    "functional_capacity": _("How you manage in everyday life"),
    "recommendations": _("What next"),
    "work_unit_input": _("What the work unit says"),
    "trainee_view": _("Your own view"),
}


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@permission_action(ACTION)
def self_report(request, pk: int):
    """Read the finalised version of my final summary or interim report, and acknowledge it."""
    report, version = _my_report(request, pk)
    _audit_read("final_summary.view", [report, version], report.period.trainee_id)
    snapshot = version.snapshot
    texts = [
        (label, (snapshot.get("texts") or {}).get(name, "")) for name, label in TEXT_LABELS.items()
    ]
    file_row = report_file_get(version=version)
    context = {
        "report": report,
        "version": version,
        "snapshot": snapshot,
        "texts": [(label, text) for label, text in texts if text],
        "covers_from": _iso((snapshot.get("covers") or {}).get("from")),
        "covers_to": _iso((snapshot.get("covers") or {}).get("to")),
        "competence": snapshot.get("competence") or [],
        "goals": snapshot.get("goals") or [],
        "attendance": snapshot.get("attendance") or {},
        "pdf_ready": bool(file_row and file_row.file),
        "can_acknowledge": report.kind == ReportKind.FINAL
        and not report.is_acknowledged
        and can(request.user, "final_summary.acknowledge", report.period),
    }
    return render(request, "web/self/documents_report.html", context)


@permission_action(ACTION)
def self_report_acknowledge(request, pk: int):
    """ "I have read my final summary": the trainee's own acknowledgement, dated today."""
    report, _version = _my_report(request, pk)
    url = reverse("self_report", args=[report.pk])
    if request.method != "POST":
        return redirect(url)
    if report.kind != ReportKind.FINAL:
        raise Http404(gettext("No such report."))
    if not can(request.user, "final_summary.acknowledge", report.period):
        raise PermissionDenied(gettext("You do not have permission to do this."))
    try:
        report_acknowledge(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Thank you. Your acknowledgement is saved."))
    return redirect(url)


# --- 4. My data ----------------------------------------------------------------------------------

# The parts of the record an event touched (rule sections), and what was done, in plain words;
# shown as "<what>: <part>", so no language needs the words to inflect together.
SECTION_WORDS: dict[str, str | Promise] = {
    "general": pgettext_lazy("access log", "coaching data"),
    "identity": pgettext_lazy("access log", "name and contact details"),
    "health_safety": pgettext_lazy("access log", "health and safety restrictions"),
    "social_welfare": pgettext_lazy("access log", "participation status"),
    "all": pgettext_lazy("access log", "all your data"),
    "referral": pgettext_lazy("access log", "referral"),
    "period": pgettext_lazy("access log", "coaching period"),
    "placement": pgettext_lazy("access log", "work placement"),
    "tasks": pgettext_lazy("access log", "work tasks"),
    "daily_log": pgettext_lazy("access log", "daily log"),
    "diary": pgettext_lazy("access log", "learning diary"),
    "goals": pgettext_lazy("access log", "goals"),
    "activities": pgettext_lazy("access log", "activities"),
    "equipment": pgettext_lazy("access log", "work clothes and locker"),
    "competence": pgettext_lazy("access log", "competence"),
    "reports": pgettext_lazy("access log", "reports"),
    "capacity": pgettext_lazy("access log", "work capacity assessments"),
    "access_log": pgettext_lazy("access log", "this list"),
    "support": pgettext_lazy("access log", "support access"),
    "retention": pgettext_lazy("access log", "storage of your data"),
}
# Writes are logged with the model's name as their section: the part of the record each is.
MODEL_SECTIONS = {
    "trainee": "identity",
    "referral": "referral",
    "coachingperiod": "period",
    "periodtransition": "period",
    "followupcontact": "period",
    "periodstatus": "social_welfare",
    "taskassignment": "tasks",
    "tasklevelchange": "tasks",
    "dailyentry": "daily_log",
    "dailyentrytask": "daily_log",
    "diaryentry": "diary",
    "goal": "goals",
    "goalreview": "goals",
    "activityparticipant": "activities",
    "equipmentissue": "equipment",
    "lockerassignment": "equipment",
    "competencerecord": "competence",
    "competencecertificate": "competence",
    "assessment": "capacity",
    "report": "reports",
    "reportversion": "reports",
    "reportfile": "reports",
    "delivery": "reports",
}
ACTION_WORDS: dict[str, str | Promise] = {
    AuditEvent.Action.READ: pgettext_lazy("access log", "Looked at"),
    AuditEvent.Action.CREATE: pgettext_lazy("access log", "Added"),
    AuditEvent.Action.CHANGE: pgettext_lazy("access log", "Changed"),
    AuditEvent.Action.DELETE: pgettext_lazy("access log", "Removed"),
    AuditEvent.Action.EXPORT: pgettext_lazy("access log", "Downloaded"),
    AuditEvent.Action.DELIVER: pgettext_lazy("access log", "Sent"),
    AuditEvent.Action.ANONYMISE: pgettext_lazy("access log", "Anonymised"),
    AuditEvent.Action.ERASE: pgettext_lazy("access log", "Erased"),
    AuditEvent.Action.SUPPORT_ACCESS: pgettext_lazy("access log", "Looked at with support access"),
}
ROLE_WORDS: dict[str, str | Promise] = {
    User.Role.TENANT_ADMIN: _("administrator"),
    User.Role.WORK_COACH: _("work coach"),
    User.Role.CAREER_AGENT: _("career agent"),
    User.Role.UNIT_SUPERVISOR: _("work unit supervisor"),
    User.Role.TRAINEE: pgettext_lazy("role of a person in the access log", "trainee"),
    User.Role.PLATFORM_OPERATOR: _("Valmo support"),
}


@dataclass(frozen=True)
class HandledRow:
    day: date
    last_at: datetime
    who: str
    role: str | Promise
    is_me: bool
    what: str | Promise
    parts: list[str | Promise]
    times: int


def _who(display: str) -> str:
    """The person's name as the log stored it ("Name <e-mail>"), without the address."""
    if not display or display == "system":
        return gettext("Valmo (automatic)")
    display = display.removesuffix(" [public]")
    return display.split(" <", 1)[0] if " <" in display else display


def _part(event: AuditEvent) -> str | Promise:
    section = event.section
    if section not in SECTION_WORDS:
        model = event.object_type.rsplit(".", 1)[-1]
        section = MODEL_SECTIONS.get(section) or MODEL_SECTIONS.get(model, "")
    return SECTION_WORDS.get(section, pgettext_lazy("access log", "other data"))


def _handled_rows(events: list[AuditEvent], me: int, limit: int) -> list[HandledRow]:
    """One person's events of one kind on one day as one row (the parts listed), newest
    first."""
    grouped: dict[tuple, list[AuditEvent]] = {}
    for event in events:
        day = timezone.localtime(event.at).date()
        key = (day, event.actor_id, event.actor_display, event.action)
        grouped.setdefault(key, []).append(event)
    rows = []
    for (day, actor_id, display, action), group in grouped.items():
        parts: list[str | Promise] = []
        for event in group:
            part = _part(event)
            if part not in parts:
                parts.append(part)
        rows.append(
            HandledRow(
                day=day,
                last_at=group[0].at,
                who=_who(display),
                role=ROLE_WORDS.get(group[0].actor_role, ""),
                is_me=actor_id == me,
                what=ACTION_WORDS.get(action, action),
                parts=parts,
                times=len(group),
            )
        )
    return rows[:limit]


class SelfExportForm(ServiceErrorsMixin):
    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES)


def _data_page(request, form: SelfExportForm | None = None, status: int = 200):
    trainee = _trainee(request)
    handled: list[HandledRow] = []
    jobs: list[ExportJob] = []
    more = False
    if trainee is not None:
        if can(request.user, "audit.view", trainee):
            events = list(audit_events_for_trainee(trainee_id=trainee.pk)[:HANDLED_EVENTS])
            limit = HANDLED_ROWS_ALL if request.GET.get("kaikki") else HANDLED_ROWS
            handled = _handled_rows(events, request.user.pk, limit)
            more = limit == HANDLED_ROWS and len(handled) == HANDLED_ROWS
            rule = rule_for("audit.view")
            audit.record(
                action="read",
                object_type="privacy.auditevent",
                trainee_id=trainee.pk,
                section=rule.section,
                purpose=rule.purpose,
            )
        jobs = list(ExportJob.objects.filter(trainee_id=trainee.pk).order_by("-requested_at")[:5])
    form = form or SelfExportForm(initial={"language": (get_language() or "fi")[:2]})
    context = {
        "trainee": trainee,
        "handled": handled,
        "more": more,
        "jobs": jobs,
        "form": form,
        "working": any(not job.is_finished for job in jobs),
    }
    return render(request, "web/self/data.html", context, status=status)


@permission_action(ACTION)
def self_data(request):
    """Who has handled my data, and a copy of everything recorded about me."""
    return _data_page(request)


@permission_action(ACTION)
def self_data_export(request):
    """Ask for the data-subject export (built in the background) of my own data."""
    if (response := _post_only(request, "self_data")) is not None:
        return response
    trainee = _trainee(request)
    if trainee is None:
        raise Http404(gettext("No trainee record is linked to your account."))
    form = SelfExportForm(data=request.POST)
    if form.is_valid():
        try:
            job = trainee_export_request(
                actor=request.user, trainee=trainee, language=form.cleaned_data["language"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            trainee_export_queue(job.pk)
            messages.success(
                request,
                gettext("Your copy is being made. It is ready in a moment: refresh this page."),
            )
            return redirect(f"{reverse('self_data')}#copy")
    return _data_page(request, form=form, status=400)
