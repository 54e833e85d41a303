"""Writes for final summaries, interim reports and deliveries.

Keyword-only, one transaction, explicit ``actor``, the action declared with
``permission_required_for`` (checked against the period); a broken rule raises
``ValidationError({field: [message]})`` and writes nothing. See ``docs/reports.md``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import can, permission_required_for, rule_for
from coaching.models import CoachingPeriod
from privacy import audit
from privacy.models import AuditEvent
from valmo.errors import refuse
from valmo.events import event_publish
from valmo.tenancy import current_schema_name

from .models import Delivery, Report, ReportFile, ReportKind, ReportSchedule, ReportVersion
from .selectors import (
    MAX_CODE_ATTEMPTS,
    TEXT_FIELDS,
    ReportPdf,
    content_hash,
    delivery_state,
    interim_spans,
    report_assemble,
    report_pdf_get,
    report_texts_hash,
    report_version_latest,
    token_hash,
)

__all__ = [
    "DeliverySent",
    "delivery_code_check",
    "delivery_create",
    "delivery_download_record",
    "delivery_revoke",
    "final_summary_draft_get_or_create",
    "interim_report_draft_get_or_create",
    "interim_schedule_set",
    "report_acknowledge",
    "report_correct",
    "report_finalise",
    "report_pdf_export",
    "report_texts_update",
]

DELIVERY_DAYS = 7


def _period_of(kwargs: dict[str, Any]) -> Any:
    if "period" in kwargs:
        return kwargs["period"]
    if "report" in kwargs:
        return kwargs["report"].period
    if "version" in kwargs:
        return kwargs["version"].report.period
    return kwargs["delivery"].version.report.period


def _language(language: str) -> str:
    if language not in dict(settings.LANGUAGES):
        raise refuse("language", gettext("Choose one of the service's languages."))
    return language


def _locked_period(period: CoachingPeriod) -> CoachingPeriod:
    return (
        CoachingPeriod.objects.select_for_update(of=("self",))
        .select_related("trainee")
        .get(pk=period.pk)
    )


@transaction.atomic
@permission_required_for("final_summary.write", obj=_period_of)
def final_summary_draft_get_or_create(
    *, actor: User, period: CoachingPeriod, language: str = "fi"
) -> Report:
    """The period's final summary draft, started when first asked for (covers the whole period)."""
    period = _locked_period(period)
    report = Report.objects.filter(period=period, kind=ReportKind.FINAL).first()
    if report is not None:
        return report
    report = Report.objects.create(
        period=period,
        kind=ReportKind.FINAL,
        covers_from=period.start_on,
        covers_to=period.ended_on or period.planned_end_on,
        language=_language(language),
    )
    report.texts_hash = report_texts_hash(report)
    report.save(update_fields=["texts_hash"])
    return report


@transaction.atomic
@permission_required_for("final_summary.write", obj=_period_of)
def interim_report_draft_get_or_create(
    *, actor: User, period: CoachingPeriod, covers_from: date, language: str = "fi"
) -> Report:
    """The interim report of the span starting ``covers_from`` (a span of the schedule)."""
    period = _locked_period(period)
    span = next((s for s in interim_spans(period=period) if s.covers_from == covers_from), None)
    if span is None:
        raise refuse("covers_from", gettext("Choose a span of the period's interim schedule."))
    if span.report is not None:
        return span.report
    report = Report.objects.create(
        period=period,
        kind=ReportKind.INTERIM,
        covers_from=span.covers_from,
        covers_to=span.covers_to,
        language=_language(language),
    )
    report.texts_hash = report_texts_hash(report)
    report.save(update_fields=["texts_hash"])
    return report


@transaction.atomic
@permission_required_for("final_summary.write", obj=_period_of)
def interim_schedule_set(*, actor: User, period: CoachingPeriod, interval_months: int) -> None:
    """How often interim reports are due in this period (1–6 months; monthly by default)."""
    if not isinstance(interval_months, int) or not 1 <= interval_months <= 6:
        raise refuse("interval_months", gettext("The interval is from one to six months."))
    ReportSchedule.objects.update_or_create(
        period=period, defaults={"interval_months": interval_months}
    )


@transaction.atomic
@permission_required_for("final_summary.write", obj=_period_of)
def report_texts_update(
    *, actor: User, report: Report, language: str | None = None, **texts: str
) -> Report:
    """Replace the written sections given; the actor is recorded as a co-author.

    Coach and career agent write together; the work unit's input is typed in by them. An edit
    after the trainee's acknowledgement shows as "changed since acknowledged".
    """
    unknown = sorted(set(texts) - set(TEXT_FIELDS))
    if unknown:
        raise refuse(unknown[0], gettext("This is not a section of the report."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    for name, value in texts.items():
        if not isinstance(value, str) or len(value) > 20_000:
            raise refuse(name, gettext("Write at most 20,000 characters."))
        setattr(report, name, value.strip())
    if language is not None:
        report.language = _language(language)
    report.texts_hash = report_texts_hash(report)
    report.save()
    report.co_authors.add(actor)
    return report


@transaction.atomic
@permission_required_for("final_summary.acknowledge", obj=_period_of)
def report_acknowledge(*, actor: User, report: Report, on: date | None = None) -> Report:
    """The trainee acknowledges the texts as they are now.

    Many trainees have no sign-in yet: the period's coach or career agent may record an
    acknowledgement the trainee gave in person, with its date.
    """
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("period").get(pk=report.pk)
    )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise refuse("on", gettext("The date cannot be in the future."))
    if on < report.period.start_on:
        raise refuse("on", gettext("The date cannot be before the period starts."))
    report.acknowledged_hash = report.texts_hash or report_texts_hash(report)
    report.acknowledged_on = on
    report.acknowledged_in_person = actor.role != User.Role.TRAINEE
    report.acknowledgement_recorded_by = actor
    report.save()
    return report


def _organisation() -> dict[str, str]:
    """The municipality's name and brand colour as they were at finalising."""
    from coaching.models import CoachingSettings
    from tenants.models import Municipality

    tenant = getattr(connection, "tenant", None)
    name = str(getattr(tenant, "name", "") or "") or (
        Municipality.objects.filter(schema_name=current_schema_name())
        .values_list("name", flat=True)
        .first()
        or ""
    )
    settings_row = CoachingSettings.objects.first()
    return {
        "name": name,
        "brand_colour": settings_row.brand_colour if settings_row is not None else "",
    }


def _snapshot(report: Report, *, number: int, actor: User, reason: str) -> dict[str, Any]:
    data = report_assemble(
        period=report.period,
        covers_from=report.covers_from,
        covers_to=report.covers_to,
        language=report.language,
    )
    with translation.override(report.language):
        data.update(
            {
                "kind": report.kind,
                "version": number,
                "correction_reason": reason,
                "texts": {name: getattr(report, name) for name in TEXT_FIELDS},
                "co_authors": sorted(user.get_full_name() for user in report.co_authors.all()),
                "acknowledged": {
                    "on": report.acknowledged_on.isoformat()
                    if report.is_acknowledged and report.acknowledged_on
                    else None,
                    "in_person": report.acknowledged_in_person if report.is_acknowledged else None,
                },
                "finalised_by": actor.get_full_name(),
                "finalised_on": timezone.localdate().isoformat(),
                "organisation": _organisation(),
            }
        )
    return data


def _freeze(
    report: Report, *, actor: User, supersedes: ReportVersion | None, reason: str
) -> ReportVersion:
    number = supersedes.number + 1 if supersedes is not None else 1
    snapshot = _snapshot(report, number=number, actor=actor, reason=reason)
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        supersedes=supersedes,
        correction_reason=reason,
        language=report.language,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        finalised_at=timezone.now(),
        finalised_by=actor,
    )
    ReportFile.objects.create(version=version)
    from .tasks import report_pdf_build  # the task module imports the services' models only

    tenant_schema = current_schema_name()
    transaction.on_commit(lambda: report_pdf_build.delay(tenant_schema, version.pk))
    return version


@transaction.atomic
@permission_required_for("final_summary.finalise", obj=_period_of)
def report_finalise(*, actor: User, report: Report) -> ReportVersion:
    """Freeze the first version: the assembled data and the texts, hashed; the PDF is queued."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("period__trainee", "period__coach", "period__career_agent")
        .get(pk=report.pk)
    )
    if ReportVersion.objects.filter(report=report).exists():
        raise refuse(
            "report", gettext("This report is already finalised; correct it as a new version.")
        )
    if report.kind == ReportKind.FINAL and not (
        report.recommendations.strip() and (report.work_capacity or report.functional_capacity)
    ):
        raise refuse(
            "recommendations",
            gettext(
                "Write the section on work or functional capacity and the recommendations "
                "before finalising."
            ),
        )
    return _freeze(report, actor=actor, supersedes=None, reason="")


@transaction.atomic
@permission_required_for("final_summary.finalise", obj=_period_of)
def report_correct(*, actor: User, report: Report, reason: str) -> ReportVersion:
    """A correction is a new version from the current data and texts; the old one stays."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("period__trainee")
        .get(pk=report.pk)
    )
    latest = report_version_latest(report=report)
    if latest is None:
        raise refuse("report", gettext("Finalise the report first."))
    if not reason.strip():
        raise refuse("reason", gettext("Give a reason for the correction."))
    return _freeze(report, actor=actor, supersedes=latest, reason=reason.strip())


@transaction.atomic
@permission_required_for("final_summary.view", obj=_period_of)
def report_pdf_export(*, actor: User, version: ReportVersion) -> ReportPdf | None:
    """A staff (or the trainee's own) download of a version's PDF, logged as an ``export``.

    ``None`` while the PDF is still being built (nothing is logged then). The web page and
    the API both answer with ``ReportPdf.response()``.
    """
    pdf = report_pdf_get(version=version)
    if pdf is None:
        return None
    rule = rule_for("final_summary.view")
    audit.record(
        action=AuditEvent.Action.EXPORT,
        obj=version,
        trainee_id=version.report.period.trainee_id,
        section=rule.section,
        purpose=rule.purpose,
        detail={"format": "pdf", "version": version.number},
    )
    return pdf


# --- Delivery ---


@dataclass(frozen=True)
class DeliverySent:
    delivery: Delivery
    token: str  # only here, once: the link carries it
    code: str  # only here, once: sent in its own e-mail (and shown once to the sender)


def code_hash(delivery_token_hash: str, code: str) -> str:
    return salted_hmac("valmo.reports.delivery-code", f"{delivery_token_hash}:{code}").hexdigest()


@transaction.atomic
@permission_required_for("final_summary.deliver", obj=_period_of)
def delivery_create(
    *,
    actor: User,
    version: ReportVersion,
    recipient_name: str,
    recipient_email: str,
    link_base: str,
) -> DeliverySent:
    """Send the version to the case manager: the link in one e-mail, the code in another.

    ``link_base`` is the municipality's host (``https://joensuu.valmo.fi``); the link expires in
    seven days. Only hashes of the token and the code are stored.
    """
    version = ReportVersion.objects.select_related("report__period__referral__case_manager").get(
        pk=version.pk
    )
    latest = report_version_latest(report=version.report)
    if latest is None or latest.pk != version.pk:
        raise refuse("version", gettext("Only the latest version can be delivered."))
    if not recipient_name.strip():
        raise refuse("recipient_name", gettext("Name the recipient."))
    try:
        validate_email(recipient_email.strip())
    except ValidationError:
        raise refuse("recipient_email", gettext("Enter a valid e-mail address.")) from None
    referral = version.report.period.referral
    contact = referral.case_manager if referral is not None else None
    if contact is not None and contact.email.lower() != recipient_email.strip().lower():
        contact = None
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**8):08d}"
    hashed = token_hash(token)
    delivery = Delivery.objects.create(
        version=version,
        recipient_contact=contact,
        recipient_name=recipient_name.strip(),
        recipient_email=recipient_email.strip(),
        token_hash=hashed,
        code_hash=code_hash(hashed, code),
        expires_at=timezone.now() + timedelta(days=DELIVERY_DAYS),
        sent_by=actor,
    )
    audit.record(
        action=AuditEvent.Action.DELIVER,
        obj=version,
        detail={"event": "sent", "delivery": delivery.pk, "version": version.number},
    )
    if version.report.kind == ReportKind.FINAL:
        # Webhooks (integrations) hear of it after commit: ids only, never the link or code.
        event_publish(
            "final_summary.delivered",
            object_type="reports.reportversion",
            object_id=version.pk,
            extra={"period_id": version.report.period_id, "version": version.number},
        )
    link = f"{link_base.rstrip('/')}/toimitus/{token}/"
    with translation.override(version.language):
        kind = str(version.report.get_kind_display())
        subject = gettext("%(kind)s from coaching") % {"kind": kind}
        expires = timezone.localtime(delivery.expires_at).strftime("%d.%m.%Y %H:%M")
        link_body = gettext(
            "A document has been delivered to you: %(kind)s.\n\nOpen it here: %(link)s\n\n"
            "You need the code sent to you in a separate message. The link expires on "
            "%(expires)s."
        ) % {"kind": kind, "link": link, "expires": expires}
        code_body = gettext(
            "The code for the document delivered to you in another message: %(code)s"
        ) % {"code": code}
        code_subject = gettext("Code for the delivered document")
    transaction.on_commit(
        lambda: (
            EmailMessage(subject, link_body, to=[delivery.recipient_email]).send(),
            EmailMessage(code_subject, code_body, to=[delivery.recipient_email]).send(),
        )
    )
    return DeliverySent(delivery=delivery, token=token, code=code)


@transaction.atomic
@permission_required_for("final_summary.deliver", obj=_period_of)
def delivery_revoke(*, actor: User, delivery: Delivery) -> Delivery:
    """Close the link at once; the recipient then sees only that it was withdrawn."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.revoked_at is not None:
        raise refuse("delivery", gettext("The link has already been revoked."))
    delivery.revoked_at = timezone.now()
    delivery.revoked_by = actor
    delivery.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return delivery


@transaction.atomic
def delivery_code_check(*, token: str, code: str) -> tuple[Delivery | None, str]:
    """The recipient enters the code: (delivery, state); a right code records an open.

    No signed-in actor: the link and the code are the recipient's credentials, so this is not
    a declared staff service. Wrong codes count; after five the link locks. Each open is an
    audit event ``deliver`` on the trainee, which the trainee's access log shows.
    """
    hashed = token_hash(token)
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("version__report__period")
        .filter(token_hash=hashed)
        .first()
    )
    if delivery is None:
        return None, "unknown"
    state = delivery_state(delivery)
    if state != "open":
        return delivery, state
    if not constant_time_compare(code_hash(hashed, code.strip()), delivery.code_hash):
        Delivery.objects.filter(pk=delivery.pk).update(failed_attempts=delivery.failed_attempts + 1)
        left = MAX_CODE_ATTEMPTS - delivery.failed_attempts - 1
        return delivery, "wrong_code" if left > 0 else "locked"
    Delivery.objects.filter(pk=delivery.pk).update(open_count=delivery.open_count + 1)
    _deliver_event(delivery, "open")
    return delivery, "open"


def _deliver_event(delivery: Delivery, event: str) -> None:
    audit.record(
        action=AuditEvent.Action.DELIVER,
        obj=delivery.version,
        trainee_id=delivery.version.report.period.trainee_id,
        section="reports",
        purpose="delivery_to_referrer",
        detail={"event": event, "delivery": delivery.pk, "version": delivery.version.number},
    )


@transaction.atomic
def delivery_download_record(*, delivery: Delivery) -> None:
    """Count and audit one download by the recipient (after the code was accepted)."""
    Delivery.objects.filter(pk=delivery.pk).update(download_count=delivery.download_count + 1)
    _deliver_event(delivery, "download")


def staff_may_deliver(user: User, report: Report) -> bool:
    return can(user, "final_summary.deliver", report.period)
