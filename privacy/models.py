"""Audit log, support-access grants and retention rules (tenant schema).

Personal data never leaves the municipality's schema: the audit log lives next to the data it
describes and names trainees only by id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from valmo.integrity import FieldCheckConstraint


class AuditEvent(models.Model):
    """One access to trainee data. Append-only: a database trigger refuses UPDATE and DELETE."""

    class Action(models.TextChoices):
        READ = "read", _("Read")
        CREATE = "create", _("Create")
        CHANGE = "change", pgettext_lazy("audit action", "Change")
        DELETE = "delete", _("Delete")
        EXPORT = "export", _("Export")
        DELIVER = "deliver", _("Deliver")
        ANONYMISE = "anonymise", _("Anonymise")
        ERASE = "erase", _("Erase")
        SUPPORT_ACCESS = "support_access", _("Support access")

    at = models.DateTimeField(_("at"), default=timezone.now)
    tenant_schema = models.CharField(_("tenant schema"), max_length=63)
    # Plain ids, not foreign keys: the log must outlive users and trainees it mentions.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_display = models.CharField(_("actor"), max_length=300, blank=True)
    actor_role = models.CharField(_("role"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    trainee_id = models.BigIntegerField(_("trainee id"), null=True, blank=True)
    section = models.CharField(_("section"), max_length=60, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["trainee_id", "at"], name="auditevent_trainee_at"),
            models.Index(fields=["actor_id", "at"], name="auditevent_actor_at"),
            models.Index(fields=["request_id"], name="auditevent_request"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_display} {self.action} {self.object_type}"


class SupportAccessGrant(models.Model):
    """A tenant admin's time-limited permission for a platform operator to read trainee data."""

    # Operators' accounts live in the public schema, so the grant names them by e-mail.
    operator_email = models.EmailField(_("platform operator's e-mail"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    reason = models.TextField(_("reason"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="supportaccessgrant_dates_order",
                field="ends_at",
                violation_error_message=_("Support access must end after it starts."),
            )
        ]
        verbose_name = _("support-access grant")
        verbose_name_plural = _("support-access grants")

    def __str__(self) -> str:
        return (
            f"{self.operator_email} {self.starts_at:%d.%m.%Y %H:%M}–{self.ends_at:%d.%m.%Y %H:%M}"
        )

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.starts_at <= at < self.ends_at


class RetentionRule(models.Model):
    """How long one kind of record is kept on one legal basis, and what happens after."""

    class RecordType(models.TextChoices):
        COACHING_PERIOD = "coaching_period", _("Coaching period and everything recorded in it")
        REFERRAL_NOT_STARTED = "referral_not_started", _("Referral that never led to a period")

    class LegalBasis(models.TextChoices):
        SOCIAL_WELFARE = "social_welfare", _("Social welfare (rehabilitative work activity)")
        EMPLOYMENT_SERVICES = "employment_services", _("Employment services")
        OTHER = "other", _("Other")
        ANY = "any", _("Any legal basis")

    class Disposal(models.TextChoices):
        ANONYMISE = "anonymise", _("Anonymise (keep dates, statuses and outcomes)")
        ERASE = "erase", _("Erase")

    record_type = models.CharField(_("record type"), max_length=40, choices=RecordType.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=40, choices=LegalBasis.choices)
    years = models.PositiveSmallIntegerField(_("years kept"))
    disposal = models.CharField(_("after retention"), max_length=20, choices=Disposal.choices)
    source = models.CharField(_("legal source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["record_type", "legal_basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "legal_basis"], name="retentionrule_unique"
            )
        ]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} / {self.get_legal_basis_display()}"


class RetentionRecord(models.Model):
    """A trainee anonymised or erased by retention; makes the periodic job idempotent."""

    class Kind(models.TextChoices):
        ANONYMISED = "anonymised", _("Anonymised")
        ERASED = "erased", _("Erased")

    trainee_id = models.BigIntegerField(_("trainee id"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    legal_basis = models.CharField(_("legal basis"), max_length=40, blank=True)
    rule = models.ForeignKey(
        RetentionRule,
        verbose_name=_("retention rule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("retention record")
        verbose_name_plural = _("retention records")

    def __str__(self) -> str:
        return f"{self.trainee_id} {self.kind}"


def _export_path(instance: ExportJob, filename: str) -> str:
    return f"exports/{filename}"


class ExportJob(models.Model):
    """A data-subject export (PDF) built in the background, with its progress.

    ``privacy.services.export_jobs`` writes it; the Celery task ``privacy.trainee_export_build``
    advances it, committing each step so the status page can poll it. The trainee is kept as an
    id (as in ``AuditEvent``): this app sits below the one that defines trainees.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        COLLECTING = "collecting", _("Collecting the data")
        RENDERING = "rendering", _("Building the PDF")
        STORING = "storing", _("Saving the file")
        FINISHED = "finished", _("Finished")

    trainee_id = models.PositiveIntegerField(_("trainee"), db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, default="fi")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=_export_path, max_length=300, blank=True)
    rows = models.PositiveIntegerField(_("rows exported"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("data-subject export")
        verbose_name_plural = _("data-subject exports")
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(progress__lte=100),
                name="privacy_exportjob_progress_max",
                field="progress",
                violation_error_message=_("Progress is at most 100 per cent."),
            ),
            FieldCheckConstraint(
                condition=models.Q(language__in=["fi", "sv", "en"]),
                name="privacy_exportjob_language",
                field="language",
                violation_error_message=_("Choose one of the languages offered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee_id} {self.requested_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
