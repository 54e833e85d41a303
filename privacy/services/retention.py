"""Retention: rules, and anonymising or erasing what is past them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from privacy import audit, selectors
from privacy.models import AuditEvent, RetentionRecord, RetentionRule
from valmo import graph
from valmo.append_only import retention_gate_open
from valmo.errors import refuse

from .export import trainee_rows
from .export_jobs import export_jobs_delete_for

logger = logging.getLogger(__name__)

ANONYMISED_NAME = "Anonymised"


# --- Retention --------------------------------------------------------------------------------


def retention_rule_check(*, record_type: str, legal_basis: str, years: int, disposal: str) -> None:
    """Refuse a retention rule the law or the statistics do not allow."""
    if record_type not in RetentionRule.RecordType.values:
        raise refuse("record_type", gettext("Choose a valid record type."))
    if legal_basis not in RetentionRule.LegalBasis.values:
        raise refuse("legal_basis", gettext("Choose a valid legal basis."))
    if years < 1:
        raise refuse("years", gettext("Records must be kept for at least one year."))
    is_period = record_type == RetentionRule.RecordType.COACHING_PERIOD
    if is_period and disposal == RetentionRule.Disposal.ERASE:
        raise refuse(
            "disposal",
            gettext("Coaching periods are anonymised so that statistics stay valid."),
        )
    if is_period and legal_basis == RetentionRule.LegalBasis.SOCIAL_WELFARE and years < 10:
        raise refuse(
            "years",
            gettext("Social-welfare records must be kept 10 years after closing (703/2023)."),
        )


@transaction.atomic
@permission_required_for("retention.manage")
def retention_rule_update(
    *,
    actor: User,
    record_type: str,
    legal_basis: str,
    years: int,
    disposal: str | None = None,
    note: str = "",
) -> RetentionRule:
    """Set how long one kind of record is kept; periods are always anonymised, never erased."""
    rule = selectors.retention_rule_for(record_type, legal_basis)
    if rule.pk is None or (rule.record_type, rule.legal_basis) != (record_type, legal_basis):
        rule = RetentionRule(
            record_type=record_type, legal_basis=legal_basis, disposal=rule.disposal
        )
    disposal = disposal or rule.disposal
    retention_rule_check(
        record_type=record_type, legal_basis=legal_basis, years=years, disposal=disposal
    )
    rule.years = years
    rule.disposal = disposal
    rule.note = note
    rule.full_clean()
    rule.save()
    return rule


def _is_free_text(model_field: models.Field[Any, Any]) -> bool:
    if model_field.unique or model_field.primary_key or model_field.choices:
        return False
    if isinstance(model_field, models.SlugField | models.GenericIPAddressField):
        return False
    return isinstance(model_field, models.TextField | models.CharField)


def _anonymised_values(model: type[models.Model], trainee: Any) -> dict[str, Any]:
    if model is graph.trainee_model():
        values: dict[str, Any] = {
            "first_name": ANONYMISED_NAME,
            "last_name": f"#{trainee.pk}",
            "user": None,
        }
        if trainee.date_of_birth is not None:
            # The year is kept for age-group statistics.
            values["date_of_birth"] = date(trainee.date_of_birth.year, 1, 1)
        for model_field in model._meta.concrete_fields:
            if model_field.name not in values and _is_free_text(model_field):
                values[model_field.name] = ""
        return values
    return {f.name: "" for f in model._meta.concrete_fields if _is_free_text(f)}


def _scrub_admin_log(model: type[models.Model], pks: list[Any]) -> int:
    if not pks:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in pks]
    ).update(object_repr=ANONYMISED_NAME)


def _delete_files(model: type[models.Model], rows: list[models.Model]) -> int:
    deleted = 0
    file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    for row in rows:
        for file_field in file_fields:
            stored = getattr(row, file_field.attname)
            if stored and stored.name:
                stored.storage.delete(stored.name)
                deleted += 1
    return deleted


def _user_anonymise(user_id: int | None) -> None:
    if user_id is None:
        return
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"anonymised-{user.pk}@invalid.invalid"
    user.first_name = user.last_name = user.phone = user.title = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
@permission_required_for("retention.run", obj="trainee")
def trainee_anonymise(
    *,
    actor: User | None,
    trainee: Any,
    legal_basis: str = "",
    rule: RetentionRule | None = None,
) -> RetentionRecord:
    """Remove what identifies the trainee and every free text about them.

    Dates, phases, statuses, outcomes, hours and task levels stay, so statistics over closed
    periods do not change. Attachments' files are deleted. Writes use ``update`` on purpose
    (no per-row signals); one anonymise event records the counts.
    """
    if RetentionRecord.objects.filter(trainee_id=trainee.pk).exists():
        raise refuse("trainee", gettext("The trainee has already been anonymised or erased."))
    retention_gate_open()  # history rows lose their free text too
    counts: dict[str, Any] = {}
    kept: list[str] = []
    user_id = trainee.user_id
    for model, rows in trainee_rows(trainee):
        if not rows:
            continue
        pks = [row.pk for row in rows]
        values = _anonymised_values(model, trainee)
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                values[model_field.name] = ""
        if values:
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk__in=pks).update(**values)
            except (DatabaseError, ValidationError):
                # Rows kept immutable by the database or their manager (issued certificates)
                # stay as they are; they are reported so that a person can decide.
                kept.append(model._meta.label_lower)
                continue
        files = _delete_files(model, rows)
        _scrub_admin_log(model, pks)
        counts[model._meta.label_lower] = len(pks)
        if files:
            counts[f"{model._meta.label_lower}:files"] = files
    if kept:
        counts["kept_immutable"] = kept
    if exports := export_jobs_delete_for(trainee_id=trainee.pk):
        counts["privacy.exportjob"] = exports
    _user_anonymise(user_id)
    record = RetentionRecord.objects.create(
        trainee_id=trainee.pk,
        kind=RetentionRecord.Kind.ANONYMISED,
        legal_basis=legal_basis,
        rule=rule if rule is not None and rule.pk else None,
        summary=counts,
    )
    audit.record(
        action=AuditEvent.Action.ANONYMISE,
        object_type="coaching.trainee",
        object_id=trainee.pk,
        trainee_id=trainee.pk,
        section="all",
        detail={"legal_basis": legal_basis, "rows": counts},
    )
    return record


@transaction.atomic
@permission_required_for("trainee.erase", obj="trainee")
def trainee_erase(
    *, actor: User | None, trainee: Any, reason: str, rule: RetentionRule | None = None
) -> RetentionRecord:
    """Delete a trainee whose referral never led to a coaching period.

    With a period the municipality must keep the records (703/2023 and the statistics); those
    are anonymised by retention instead.
    """
    if trainee.periods.exists():
        raise refuse(
            "trainee",
            gettext(
                "A trainee with a coaching period cannot be erased; the records are "
                "anonymised when their retention ends."
            ),
        )
    if not reason.strip():
        raise refuse("reason", gettext("Give the reason for erasure."))
    trainee_id, user_id = trainee.pk, trainee.user_id
    retention_gate_open()
    counts: dict[str, int] = {}
    # Deepest rows first, so protected foreign keys never block the delete.
    for model, rows in sorted(trainee_rows(trainee), key=lambda item: -graph.depth(item[0])):
        if not rows:
            continue
        _delete_files(model, rows)
        _scrub_admin_log(model, [row.pk for row in rows])
        if model is graph.trainee_model():
            continue
        model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
        counts[model._meta.label_lower] = len(rows)
    graph.trainee_model()._default_manager.filter(pk=trainee_id).delete()
    counts["coaching.trainee"] = 1
    if exports := export_jobs_delete_for(trainee_id=trainee_id):
        counts["privacy.exportjob"] = exports
    _user_anonymise(user_id)
    record = RetentionRecord.objects.create(
        trainee_id=trainee_id,
        kind=RetentionRecord.Kind.ERASED,
        rule=rule if rule is not None and rule.pk else None,
        summary=counts,
    )
    audit.record(
        action=AuditEvent.Action.ERASE,
        object_type="coaching.trainee",
        object_id=trainee_id,
        trainee_id=trainee_id,
        section="all",
        purpose=reason.strip(),
        detail={"rows": counts},
    )
    return record


@dataclass
class RetentionReport:
    today: date
    anonymised: list[int] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "anonymised": self.anonymised,
            "erased": self.erased,
            "failed": {str(k): v for k, v in self.failed.items()},
        }


@permission_required_for("retention.run")
def retention_run(*, today: date, actor: User | None = None) -> RetentionReport:
    """Anonymise or erase every trainee past retention on ``today``.

    Each trainee is disposed of in its own transaction (``trainee_anonymise`` or
    ``trainee_erase``), so one failure does not undo the others; trainees already done are
    skipped, so running it again is harmless.
    """
    Trainee: Any = graph.trainee_model()  # coaching's model, found by label
    report = RetentionReport(today=today)
    for decision in selectors.retention_due_list(today=today):
        trainee = Trainee.objects.filter(pk=decision.trainee_id).first()
        if trainee is None:
            continue
        try:
            if decision.disposal == RetentionRule.Disposal.ERASE and not trainee.periods.exists():
                trainee_erase(
                    actor=actor,
                    trainee=trainee,
                    reason=gettext("Retention ended: the referral never started."),
                    rule=decision.rule,
                )
                report.erased.append(decision.trainee_id)
            else:
                trainee_anonymise(
                    actor=actor,
                    trainee=trainee,
                    legal_basis=decision.legal_basis,
                    rule=decision.rule,
                )
                report.anonymised.append(decision.trainee_id)
        except Exception as error:
            # Reported and retried on the next run; the other trainees still proceed.
            logger.exception("Retention failed for trainee %s", decision.trainee_id)
            report.failed[decision.trainee_id] = type(error).__name__
    return report
