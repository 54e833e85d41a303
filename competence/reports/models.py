"""Final summaries (loppukooste) and interim reports: drafts, frozen versions, PDFs, deliveries.

A ``Report`` is the editable draft of one period's final summary or of one interim report: the
written sections and who wrote them. Finalising freezes a ``ReportVersion`` (the assembled data
and the texts as JSON, hashed); versions are append-only in the database (row and TRUNCATE
triggers, migration 0002) and a correction is a new version. ``ReportFile`` follows the PDF
rendering of a version; ``Delivery`` is an expiring link with a separate code for the referrer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coaching.models import CoachingPeriod, PartnerContact
from coaching.models.catalogue import TimeStampedModel
from valmo.integrity import FieldCheckConstraint


class ReportKind(models.TextChoices):
    FINAL = "final", _("Final summary")
    INTERIM = "interim", _("Interim report")


class Report(TimeStampedModel):
    """The draft of a final summary (one per period) or of an interim report (one per span)."""

    period = models.ForeignKey(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    covers_from = models.DateField(_("covers from"))
    covers_to = models.DateField(_("covers to"))
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fi"
    )
    work_capacity = models.TextField(_("work capacity"), blank=True)
    functional_capacity = models.TextField(_("functional capacity"), blank=True)
    recommendations = models.TextField(_("recommendations and next steps"), blank=True)
    work_unit_input = models.TextField(_("the work unit's input"), blank=True)
    trainee_view = models.TextField(_("the trainee's own view"), blank=True)
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-authors"), related_name="+", blank=True
    )
    texts_hash = models.CharField(_("texts hash"), max_length=64, blank=True)
    acknowledged_hash = models.CharField(_("acknowledged texts hash"), max_length=64, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_in_person = models.BooleanField(_("acknowledged in person"), default=False)
    acknowledgement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledgement recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["period", "kind", "covers_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(kind="final"),
                name="report_one_final_summary_per_period",
                violation_error_message=_("The period already has a final summary."),
            ),
            models.UniqueConstraint(
                fields=["period", "kind", "covers_from"],
                name="report_one_per_span",
                violation_error_message=_("A report for this span already exists."),
            ),
            FieldCheckConstraint(
                condition=models.Q(covers_to__gte=models.F("covers_from")),
                name="report_span_ordered",
                field="covers_to",
                violation_error_message=_("The end of the span cannot be before its start."),
            ),
        ]
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_id} {self.covers_from}"

    @property
    def is_acknowledged(self) -> bool:
        """Acknowledged as the texts are now (an edit afterwards asks for it again)."""
        return bool(self.acknowledged_hash) and self.acknowledged_hash == self.texts_hash


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError({"version": [gettext("A finalised version cannot be changed.")]})

    def delete(self):
        raise ValidationError({"version": [gettext("A finalised version cannot be deleted.")]})


class ReportVersion(models.Model):
    """A finalised, hashed version. Written once: the database refuses UPDATE, DELETE, TRUNCATE."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    snapshot = models.JSONField(_("snapshot"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True)
    finalised_at = models.DateTimeField(_("finalised"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique"),
            FieldCheckConstraint(
                condition=models.Q(number=1, supersedes__isnull=True)
                | models.Q(number__gt=1, supersedes__isnull=False),
                name="reportversion_correction_supersedes",
                field="supersedes",
                violation_error_message=_(
                    "A correction names the version it replaces; a first version replaces none."
                ),
            ),
        ]
        verbose_name = _("finalised report version")
        verbose_name_plural = _("finalised report versions")

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError({"version": [gettext("A finalised version cannot be changed.")]})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError({"version": [gettext("A finalised version cannot be deleted.")]})


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.version.report_id}/{filename}"


class ReportFile(TimeStampedModel):
    """The PDF of a version, built by a Celery task that reports its progress here."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    version = models.OneToOneField(
        ReportVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="file"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=300, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("report PDF")
        verbose_name_plural = _("report PDFs")
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(progress__lte=100),
                name="reportfile_progress_percent",
                field="progress",
                violation_error_message=_("Progress is a percentage."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} PDF"


class ReportSchedule(TimeStampedModel):
    """How often interim reports go to the referrer in one period (monthly when not set)."""

    period = models.OneToOneField(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.CASCADE,
        related_name="report_schedule",
    )
    interval_months = models.PositiveSmallIntegerField(_("interval (months)"), default=1)

    class Meta:
        verbose_name = _("interim report schedule")
        verbose_name_plural = _("interim report schedules")
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(interval_months__gte=1, interval_months__lte=6),
                name="reportschedule_interval_range",
                field="interval_months",
                violation_error_message=_("The interval is from one to six months."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id}: {self.interval_months}"


class Delivery(TimeStampedModel):
    """A version sent to the referrer: an expiring link plus a code sent separately.

    Only hashes of the link's token and of the code are kept, so neither can be read back from
    the database. Every open and download is an audit event (``deliver``) on the trainee.
    """

    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    recipient_contact = models.ForeignKey(
        PartnerContact,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=200)
    recipient_email = models.EmailField(_("recipient's e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    failed_attempts = models.PositiveSmallIntegerField(_("failed code attempts"), default=0)
    open_count = models.PositiveIntegerField(_("opened"), default=0)
    download_count = models.PositiveIntegerField(_("downloaded"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.version} → {self.recipient_name}"
