"""The trainee's competence page, ticks, the certificate and its PDF.

Thin: the page reads through ``competence.page_selectors``, writes go through the competence
services (which hold the rules), and every row shown is logged as read; the PDF download is
logged as an export of the certificate.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext

from accounts.permissions import (
    can,
    periods_visible_to,
    permission_action,
    rule_for,
    scope_queryset,
)
from coaching.models import DailyEntry
from competence.certificate_pdf import certificate_filename, competence_certificate_pdf
from competence.models import CompetenceCertificate
from competence.page_selectors import CompetencePage, competence_page_get
from competence.services import (
    Signer,
    competence_certificate_correct,
    competence_certificate_issue,
    competence_record_tick,
    competence_record_untick,
    competence_records_acknowledge,
)
from privacy import audit
from privacy.models import AuditEvent

from .competence_forms import CertificateCorrectForm, CertificateIssueForm, CompetenceTickForm


def _period_or_404(request, pk: int):
    period = (
        periods_visible_to(request.user, "competence.view")
        .select_related("trainee", "coach", "career_agent", "placement_unit")
        .filter(pk=pk)
        .first()
    )
    if period is None:
        raise Http404(gettext("No such coaching period."))
    return period


def _audit_page(page: CompetencePage) -> None:
    rule = rule_for("competence.view")
    trainee_id = page.period.trainee_id
    rows = [page.period, *page.records, *page.certificates]
    audit.record_rows(
        "read",
        rows,
        section=rule.section,
        purpose=rule.purpose,
        trainee_ids={row.pk: trainee_id for row in rows},
    )


def _issue_form(request, page: CompetencePage, data=None) -> CertificateIssueForm:
    user = request.user
    form = CertificateIssueForm(
        data=data,
        initial={
            "language": (get_language() or "fi")[:2],
            "signer_name": user.get_full_name(),
            "signer_organisation": getattr(request.tenant, "name", ""),
        },
    )
    form.fields["signer_name"].required = True
    return form


def _render(
    request,
    page: CompetencePage,
    *,
    tick_form: CompetenceTickForm | None = None,
    issue_form: CertificateIssueForm | None = None,
    correct_form: CertificateCorrectForm | None = None,
    status: int = 200,
):
    user = request.user
    period = page.period
    _audit_page(page)
    can_tick = can(user, "competence.record", period)
    rows = []
    for unit in page.units:
        items = []
        for row in unit.requirements:
            form = None
            if can_tick and not row.reached and row.days:
                if tick_form is not None and tick_form.row.requirement.pk == row.requirement.pk:
                    form = tick_form
                else:
                    form = CompetenceTickForm(row)
            items.append((row, form))
        rows.append((unit, items))
    can_issue = can(user, "competence.certificate.issue", period)
    current = page.current_certificate
    context = {
        "period": period,
        "page": page,
        "units": rows,
        "can_tick": can_tick,
        "can_issue": can_issue,
        "can_acknowledge": can(user, "competence.acknowledge", period),
        "issue_form": (issue_form or _issue_form(request, page))
        if can_issue and current is None
        else None,
        "correct_form": (correct_form or CertificateCorrectForm())
        if can_issue and current is not None
        else None,
    }
    return render(request, "web/competence/page.html", context, status=status)


@permission_action("competence.view")
def competence_page(request, pk: int):
    """Requirements by unit with ticks, suggested evidence, acknowledgement and certificates."""
    period = _period_or_404(request, pk)
    return _render(request, competence_page_get(period=period))


def _not_post(request, pk: int):
    return redirect("competence_page", pk=pk) if request.method != "POST" else None


@permission_action("competence.record")
def competence_tick(request, pk: int):
    """Tick a requirement with its evidence days in one submit; refusals show at the field."""
    period = _period_or_404(request, pk)
    if (response := _not_post(request, pk)) is not None:
        return response
    if not can(request.user, "competence.record", period):
        raise PermissionDenied(gettext("You do not have permission to do this."))
    page = competence_page_get(period=period)
    requirement_id = request.POST.get("requirement", "")
    row = page.row(int(requirement_id)) if requirement_id.isdigit() else None
    if row is None or row.reached:
        messages.error(request, gettext("Choose a requirement of this page that is not ticked."))
        return _render(request, page, status=400)
    form = CompetenceTickForm(row, data=request.POST)
    if form.is_valid():
        evidence = list(DailyEntry.objects.filter(period=period, pk__in=form.evidence_ids()))
        try:
            competence_record_tick(
                actor=request.user,
                period=period,
                requirement=row.requirement,
                evidence=evidence,
                reached_on=form.cleaned_data["reached_on"],
                additional_information=form.cleaned_data["additional_information"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The requirement is ticked as reached."))
            url = reverse("competence_page", kwargs={"pk": pk})
            return redirect(f"{url}#req-{row.requirement.pk}")
    return _render(request, page, tick_form=form, status=400)


@permission_action("competence.record")
def competence_untick(request, pk: int):
    """Withdraw a tick made by mistake; the record stays, so the trainee sees the change."""
    period = _period_or_404(request, pk)
    if (response := _not_post(request, pk)) is not None:
        return response
    if not can(request.user, "competence.record", period):
        raise PermissionDenied(gettext("You do not have permission to do this."))
    page = competence_page_get(period=period)
    requirement_id = request.POST.get("requirement", "")
    row = page.row(int(requirement_id)) if requirement_id.isdigit() else None
    if row is None or row.record is None or not row.reached:
        messages.error(request, gettext("Choose a requirement of this page that is ticked."))
        return _render(request, page, status=400)
    competence_record_untick(actor=request.user, record=row.record)
    messages.success(request, gettext("The tick is withdrawn."))
    url = reverse("competence_page", kwargs={"pk": pk})
    return redirect(f"{url}#req-{row.requirement.pk}")


@permission_action("competence.acknowledge")
def competence_acknowledge(request, pk: int):
    """The trainee acknowledges their records as they are now."""
    period = _period_or_404(request, pk)
    if (response := _not_post(request, pk)) is not None:
        return response
    if not can(request.user, "competence.acknowledge", period):
        raise PermissionDenied(gettext("You do not have permission to do this."))
    count = competence_records_acknowledge(actor=request.user, period=period)
    messages.success(request, gettext("Acknowledged: %(count)s.") % {"count": count})
    return redirect("competence_page", pk=pk)


def _signers(data) -> list[Signer]:
    return [
        Signer(
            name=data["signer_name"],
            title=data["signer_title"],
            organisation=data["signer_organisation"],
        )
    ]


@permission_action("competence.certificate.issue")
def certificate_issue(request, pk: int):
    """Issue the period's first certificate (osaamistodistus) from the current ticks."""
    period = _period_or_404(request, pk)
    if (response := _not_post(request, pk)) is not None:
        return response
    if not can(request.user, "competence.certificate.issue", period):
        raise PermissionDenied(gettext("You do not have permission to do this."))
    page = competence_page_get(period=period)
    if page.current_certificate is not None:
        messages.error(
            request,
            gettext("A certificate has already been issued for this period; issue a correction."),
        )
        return _render(request, page, status=400)
    form = _issue_form(request, page, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            competence_certificate_issue(
                actor=request.user,
                period=period,
                signers=_signers(data),
                language=data["language"],
                issued_on=data["issued_on"],
                additional_information=data["additional_information"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("The competence certificate is issued."))
            return redirect("competence_page", pk=pk)
    return _render(request, page, issue_form=form, status=400)


def _certificate_or_404(request, pk: int) -> CompetenceCertificate:
    certificate = (
        scope_queryset(request.user, "competence.view", CompetenceCertificate.objects.all())
        .select_related("period__trainee")
        .filter(pk=pk)
        .first()
    )
    if certificate is None:
        raise Http404(gettext("No such certificate."))
    return certificate


@permission_action("competence.certificate.issue")
def certificate_correct(request, pk: int):
    """Issue a corrected version of the latest certificate; the old one stays as it was."""
    certificate = _certificate_or_404(request, pk)
    period = certificate.period
    if request.method != "POST":
        return redirect("competence_page", pk=period.pk)
    if not can(request.user, "competence.certificate.issue", period):
        raise PermissionDenied(gettext("You do not have permission to do this."))
    page = competence_page_get(period=period)
    form = CertificateCorrectForm(data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            competence_certificate_correct(
                actor=request.user,
                certificate=certificate,
                reason=data["reason"],
                signers=_signers(data) if data["signer_name"].strip() else None,
                language=data["language"] or None,
                issued_on=data["issued_on"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, gettext("A corrected certificate is issued."))
            return redirect("competence_page", pk=period.pk)
    return _render(request, page, correct_form=form, status=400)


@permission_action("competence.view")
def certificate_pdf(request, pk: int):
    """The issued certificate as a PDF; each download is logged as an export."""
    certificate = _certificate_or_404(request, pk)
    rule = rule_for("competence.view")
    audit.record(
        action=AuditEvent.Action.EXPORT,
        obj=certificate,
        trainee_id=certificate.period.trainee_id,
        section=rule.section,
        purpose=rule.purpose,
        detail={"format": "pdf", "version": certificate.version},
    )
    disposition = content_disposition_header(
        as_attachment=True, filename=certificate_filename(certificate)
    )
    return HttpResponse(
        competence_certificate_pdf(certificate=certificate),
        content_type="application/pdf",
        headers={"Content-Disposition": disposition or "attachment"},
    )
