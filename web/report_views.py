"""Final summary (loppukooste) and interim report screens, and the referrer's delivery page.

Thin: reads through ``competence.reports.selectors``, writes through its services, every
report, version and delivery shown is logged as read; a staff PDF download is an ``export``, the
recipient's open and download are ``deliver`` events (recorded by the services).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache

from accounts.permissions import (
    can,
    periods_visible_to,
    permission_action,
    rule_for,
    scope_queryset,
)
from competence.reports.models import Delivery, Report, ReportKind, ReportVersion
from competence.reports.selectors import (
    delivery_list,
    delivery_state,
    final_summary_get,
    interim_interval,
    interim_spans,
    report_assemble,
    report_file_get,
    report_pdf_get,
    report_version_list,
)
from competence.reports.services import (
    delivery_code_check,
    delivery_create,
    delivery_download_record,
    delivery_revoke,
    final_summary_draft_get_or_create,
    interim_report_draft_get_or_create,
    interim_schedule_set,
    report_acknowledge,
    report_correct,
    report_finalise,
    report_pdf_export,
    report_texts_update,
)
from privacy import audit

from .charts import indicator_chart
from .report_forms import (
    AcknowledgeForm,
    CorrectForm,
    DeliverForm,
    DeliveryCodeForm,
    FinaliseForm,
    InterimStartForm,
    ReportTextsForm,
    ScheduleForm,
)
from .submit import form_write

UNLOCK_MINUTES = 30  # the recipient's session stays unlocked this long after the code


def _denied():
    return PermissionDenied(gettext("You do not have permission to do this."))


def _period_or_404(request, pk: int, action: str = "final_summary.view"):
    period = (
        periods_visible_to(request.user, action)
        .select_related("trainee", "coach", "career_agent", "referral__case_manager")
        .filter(pk=pk)
        .first()
    )
    if period is None:
        raise Http404(gettext("No such coaching period."))
    return period


def _report_or_404(request, pk: int) -> Report:
    report = (
        scope_queryset(request.user, "final_summary.view", Report.objects.all())
        .select_related("period__trainee", "period__referral__case_manager")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(gettext("No such report."))
    return report


def _audit_read(rows, trainee_id: int) -> None:
    rule = rule_for("final_summary.view")
    audit.record_rows(
        "read",
        rows,
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={row.pk: trainee_id for row in rows},
    )


def _post_only(request, url: str):
    return redirect(url) if request.method != "POST" else None


# --- The final summary's entry and the report page ---


@permission_action("final_summary.view")
def final_summary_page(request, pk: int):
    """The period's final summary: its draft page, or a button to start the draft."""
    period = _period_or_404(request, pk)
    report = final_summary_get(period=period)
    if report is not None:
        return _render_report(request, report)
    _audit_read([period], period.trainee_id)
    return render(
        request,
        "web/reports/start.html",
        {"period": period, "can_write": can(request.user, "final_summary.write", period)},
    )


@permission_action("final_summary.write")
def final_summary_start(request, pk: int):
    period = _period_or_404(request, pk)
    if (response := _post_only(request, reverse("final_summary_page", args=[pk]))) is not None:
        return response
    if not can(request.user, "final_summary.write", period):
        raise _denied()
    language = (get_language() or "fi")[:2]
    final_summary_draft_get_or_create(actor=request.user, period=period, language=language)
    return redirect("final_summary_page", pk=pk)


def _report_url(report: Report) -> str:
    if report.kind == ReportKind.FINAL:
        return reverse("final_summary_page", args=[report.period_id])
    return reverse("report_page", args=[report.pk])


def _render_report(request, report: Report, *, status: int = 200, **forms):
    user = request.user
    period = report.period
    versions = list(report_version_list(report=report))
    latest = versions[-1] if versions else None
    deliveries = list(delivery_list(report=report))
    _audit_read([period, report, *versions, *deliveries], period.trainee_id)
    data = report_assemble(
        period=period,
        covers_from=report.covers_from,
        covers_to=report.covers_to,
        language=report.language,
    )
    can_write = can(user, "final_summary.write", period)
    can_finalise = can(user, "final_summary.finalise", period)
    can_deliver = can(user, "final_summary.deliver", period)
    referral = period.referral
    contact = referral.case_manager if referral is not None else None
    context = {
        "period": period,
        "report": report,
        "data": data,
        "charts": [
            chart
            for index, row in enumerate(data["indicator"])
            if (chart := indicator_chart(row, index)) is not None
        ],
        "versions": versions,
        "latest": latest,
        "deliveries": [(row, delivery_state(row)) for row in deliveries],
        "co_authors": list(report.co_authors.all()),
        "can_write": can_write,
        "can_acknowledge": can(user, "final_summary.acknowledge", period),
        "texts_form": forms.get("texts_form")
        or (
            ReportTextsForm(
                initial={
                    "language": report.language,
                    **{name: getattr(report, name) for name in ReportTextsForm.base_fields},
                }
            )
            if can_write
            else None
        ),
        "ack_form": forms.get("ack_form") or AcknowledgeForm(initial={"on": timezone.localdate()}),
        "finalise_form": forms.get("finalise_form")
        or (FinaliseForm() if can_finalise and latest is None else None),
        "correct_form": forms.get("correct_form")
        or (CorrectForm() if can_finalise and latest is not None else None),
        "deliver_form": forms.get("deliver_form")
        or (
            DeliverForm(
                initial={
                    "recipient_name": contact.name if contact else "",
                    "recipient_email": contact.email if contact else "",
                }
            )
            if can_deliver and latest is not None
            else None
        ),
        "can_deliver": can_deliver,
        "delivered_code": request.session.pop("report_delivery_code", None),
    }
    return render(request, "web/reports/report.html", context, status=status)


@permission_action("final_summary.view")
def report_page(request, pk: int):
    """A report's page (the interim reports' own address; the final summary has its period's)."""
    return _render_report(request, _report_or_404(request, pk))


def _report_form_view(
    request,
    pk: int,
    *,
    action: str,
    form_class,
    form_name: str,
    write: Callable[[Any, Report, dict[str, Any]], object],
    success: str,
):
    """A POST on the report page: its form, the service through ``write``, the page again."""
    report = _report_or_404(request, pk)
    if (response := _post_only(request, _report_url(report))) is not None:
        return response
    if not can(request.user, action, report.period):
        raise _denied()
    form = form_class(data=request.POST)
    if form_write(form, lambda data: write(request.user, report, data)):
        messages.success(request, success)
        return redirect(_report_url(report))
    return _render_report(request, report, status=400, **{form_name: form})


@permission_action("final_summary.write")
def report_texts(request, pk: int):
    return _report_form_view(
        request,
        pk,
        action="final_summary.write",
        form_class=ReportTextsForm,
        form_name="texts_form",
        write=lambda actor, report, data: report_texts_update(actor=actor, report=report, **data),
        success=gettext("The texts are saved."),
    )


@permission_action("final_summary.acknowledge")
def report_ack(request, pk: int):
    return _report_form_view(
        request,
        pk,
        action="final_summary.acknowledge",
        form_class=AcknowledgeForm,
        form_name="ack_form",
        write=lambda actor, report, data: report_acknowledge(
            actor=actor, report=report, on=data["on"]
        ),
        success=gettext("The acknowledgement is recorded."),
    )


@permission_action("final_summary.finalise")
def report_finalise_view(request, pk: int):
    return _report_form_view(
        request,
        pk,
        action="final_summary.finalise",
        form_class=FinaliseForm,
        form_name="finalise_form",
        write=lambda actor, report, data: report_finalise(actor=actor, report=report),
        success=gettext("The version is finalised; its PDF is being built."),
    )


@permission_action("final_summary.finalise")
def report_correct_view(request, pk: int):
    return _report_form_view(
        request,
        pk,
        action="final_summary.finalise",
        form_class=CorrectForm,
        form_name="correct_form",
        write=lambda actor, report, data: report_correct(
            actor=actor, report=report, reason=data["reason"]
        ),
        success=gettext("A corrected version is finalised."),
    )


@permission_action("final_summary.deliver")
def report_deliver(request, pk: int):
    """Send the latest version: the link and the code go in two e-mails; the code shows once."""
    report = _report_or_404(request, pk)
    if (response := _post_only(request, _report_url(report))) is not None:
        return response
    if not can(request.user, "final_summary.deliver", report.period):
        raise _denied()
    form = DeliverForm(data=request.POST)
    latest = ReportVersion.objects.filter(report=report).order_by("-number").first()
    if latest is None:
        form.add_error(None, gettext("Finalise the report first."))
    elif form.is_valid():
        try:
            sent = delivery_create(
                actor=request.user,
                version=latest,
                recipient_name=form.cleaned_data["recipient_name"],
                recipient_email=form.cleaned_data["recipient_email"],
                link_base=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            request.session["report_delivery_code"] = sent.code
            messages.success(
                request,
                gettext("Sent: the link and the code went to the case manager separately."),
            )
            return redirect(_report_url(report))
    return _render_report(request, report, deliver_form=form, status=400)


@permission_action("final_summary.deliver")
def delivery_revoke_view(request, pk: int):
    delivery = (
        scope_queryset(request.user, "final_summary.deliver", Delivery.objects.all())
        .select_related("version__report__period")
        .filter(pk=pk)
        .first()
    )
    if delivery is None:
        raise Http404(gettext("No such delivery."))
    report = delivery.version.report
    if (response := _post_only(request, _report_url(report))) is not None:
        return response
    try:
        delivery_revoke(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("The link is revoked."))
    return redirect(_report_url(report))


# --- Versions: PDF state (htmx polling) and download ---


def _version_or_404(request, pk: int) -> ReportVersion:
    version = (
        scope_queryset(request.user, "final_summary.view", ReportVersion.objects.all())
        .select_related("report__period")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404(gettext("No such version."))
    return version


@permission_action("final_summary.view")
def version_pdf_status(request, pk: int):
    """The PDF's progress as a fragment; htmx polls it every two seconds until it is ready."""
    version = _version_or_404(request, pk)
    _audit_read([version], version.report.period.trainee_id)
    return render(
        request,
        "web/reports/_pdf_status.html",
        {"version": version, "file": report_file_get(version=version)},
    )


@permission_action("final_summary.view")
def version_pdf(request, pk: int):
    """Download a finalised version's PDF; each download is logged as an export."""
    pdf = report_pdf_export(actor=request.user, version=_version_or_404(request, pk))
    if pdf is None:
        raise Http404(gettext("The PDF is not ready yet."))
    return pdf.response()


# --- Interim reports ---


@permission_action("final_summary.view")
def interim_reports(request, pk: int, *, schedule_form=None, status: int = 200):
    """The period's interim spans by its schedule, each with its report, due ones marked."""
    period = _period_or_404(request, pk)
    spans = interim_spans(period=period)
    reports = [span.report for span in spans if span.report is not None]
    _audit_read([period, *reports], period.trainee_id)
    can_write = can(request.user, "final_summary.write", period)
    return render(
        request,
        "web/reports/interim.html",
        {
            "period": period,
            "spans": spans,
            "can_write": can_write,
            "schedule_form": schedule_form
            or (
                ScheduleForm(initial={"interval_months": interim_interval(period=period)})
                if can_write
                else None
            ),
        },
        status=status,
    )


@permission_action("final_summary.write")
def interim_schedule(request, pk: int):
    period = _period_or_404(request, pk)
    if (response := _post_only(request, reverse("interim_reports", args=[pk]))) is not None:
        return response
    if not can(request.user, "final_summary.write", period):
        raise _denied()
    form = ScheduleForm(data=request.POST)
    if form.is_valid():
        try:
            interim_schedule_set(
                actor=request.user,
                period=period,
                interval_months=form.cleaned_data["interval_months"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The schedule is saved."))
            return redirect("interim_reports", pk=pk)
    return interim_reports(request, pk, schedule_form=form, status=400)


@permission_action("final_summary.write")
def interim_start(request, pk: int):
    period = _period_or_404(request, pk)
    if (response := _post_only(request, reverse("interim_reports", args=[pk]))) is not None:
        return response
    if not can(request.user, "final_summary.write", period):
        raise _denied()
    form = InterimStartForm(data=request.POST)
    if form.is_valid():
        try:
            report = interim_report_draft_get_or_create(
                actor=request.user,
                period=period,
                covers_from=form.cleaned_data["covers_from"],
                language=(get_language() or "fi")[:2],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("report_page", pk=report.pk)
    else:
        messages.error(request, gettext("Choose a span of the period's interim schedule."))
    return interim_reports(request, pk, status=400)


# --- The referrer's page (no sign-in: the link and the code) ---


def _unlocked(request, delivery: Delivery) -> bool:
    until = request.session.get(f"report_delivery_{delivery.pk}")
    return bool(until) and datetime.fromisoformat(until) > timezone.now()


def _closed(request, delivery: Delivery | None, state: str):
    """Expired, revoked, locked or unknown: a clear page and nothing else."""
    return render(
        request,
        "web/reports/delivery_closed.html",
        {"state": state},
        status=404 if delivery is None else 410,
    )


@never_cache
@permission_action("public.page")
def delivery_public(request, token: str):
    """The case manager enters the code; then the document's download is offered."""
    from competence.reports.selectors import delivery_by_token

    delivery = delivery_by_token(token=token)
    if delivery is None:
        return _closed(request, None, "unknown")
    state = delivery_state(delivery)
    if state != "open":
        return _closed(request, delivery, state)
    form = DeliveryCodeForm(data=request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        delivery, state = delivery_code_check(token=token, code=form.cleaned_data["code"])
        if state == "open" and delivery is not None:
            request.session.cycle_key()
            request.session[f"report_delivery_{delivery.pk}"] = (
                timezone.now() + timedelta(minutes=UNLOCK_MINUTES)
            ).isoformat()
            return redirect("delivery_public", token=token)
        if state != "wrong_code":
            return _closed(request, delivery, state)
        form.add_error("code", gettext("The code is not right. Check it and try again."))
        status = 400
    elif request.method == "POST":
        status = 400
    assert delivery is not None
    return render(
        request,
        "web/reports/delivery_public.html",
        {
            "delivery": delivery,
            "token": token,
            "form": form,
            "unlocked": _unlocked(request, delivery),
            "kind": delivery.version.report.get_kind_display(),
            "expires_at": delivery.expires_at,
        },
        status=status,
    )


@never_cache
@permission_action("public.page")
def delivery_download(request, token: str):
    from competence.reports.selectors import delivery_by_token

    delivery = delivery_by_token(token=token)
    if delivery is None:
        return _closed(request, None, "unknown")
    state = delivery_state(delivery)
    if state != "open":
        return _closed(request, delivery, state)
    if not _unlocked(request, delivery):
        return redirect("delivery_public", token=token)
    pdf = report_pdf_get(version=delivery.version)
    if pdf is None:
        raise Http404(gettext("The PDF is not ready yet."))
    delivery_download_record(delivery=delivery)
    return pdf.response()
