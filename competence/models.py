"""Competence of trainees (tenant schema): learning environments, ticks and certificates.

Recognitions, task mappings and competence records point at specific requirement rows of the
public-schema qualification frameworks (``qualifications``). Those rows never change meaning,
so old ticks and issued certificates keep referring to exactly what was valid then. Rules live
in ``competence.services``; see ``docs/competence.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from coaching.models import CoachingPeriod, DailyEntry, Site, TimeStampedModel, WorkTask, WorkUnit
from valmo.integrity import FieldCheckConstraint

if TYPE_CHECKING:
    from competence.frameworks.models import Requirement


class LearningEnvironment(TimeStampedModel):
    """A site or work unit recognised as a learning environment (PAIKKO-style).

    One recognition covers one qualification version and names the requirement rows that can
    be shown there. It is made with an external recogniser, whose presence makes it reliable.
    """

    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_environments",
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_environments",
    )
    qualification_version = models.ForeignKey(
        "qualifications.QualificationVersion",
        verbose_name=_("qualification version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requirements: models.ManyToManyField[Requirement, RecognisedRequirement] = (
        models.ManyToManyField(
            "qualifications.Requirement",
            verbose_name=_("recognised requirements"),
            through="RecognisedRequirement",
            related_name="+",
        )
    )
    description = models.TextField(_("description"), blank=True)
    recogniser_name = models.CharField(_("recogniser's name"), max_length=200)
    recogniser_title = models.CharField(_("recogniser's title"), max_length=200, blank=True)
    recogniser_organisation = models.CharField(_("recogniser's organisation"), max_length=200)
    recognised_on = models.DateField(_("recognised on"))
    report_url = models.URLField(_("published report"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-recognised_on", "-pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(site__isnull=False, work_unit__isnull=True)
                | models.Q(site__isnull=True, work_unit__isnull=False),
                name="learningenvironment_site_xor_unit",
                field="site",
                violation_error_message=_("Choose either a site or a work unit."),
            )
        ]
        verbose_name = _("learning environment")
        verbose_name_plural = _("learning environments")

    def __str__(self) -> str:
        return f"{self.place} {self.recognised_on:%d.%m.%Y}"

    @property
    def place(self) -> Site | WorkUnit | None:
        return self.site if self.site_id else self.work_unit


class RecognisedRequirement(models.Model):
    environment = models.ForeignKey(
        LearningEnvironment, on_delete=models.CASCADE, related_name="recognised_requirements"
    )
    requirement = models.ForeignKey(
        "qualifications.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["environment", "requirement__position", "requirement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["environment", "requirement"], name="recognisedrequirement_unique"
            )
        ]
        verbose_name = _("recognised requirement")
        verbose_name_plural = _("recognised requirements")

    def __str__(self) -> str:
        return f"{self.environment_id} / {self.requirement_id}"


class WorkTaskRequirement(models.Model):
    """A catalogue task gives a chance to show this requirement (drives suggestions)."""

    task = models.ForeignKey(
        WorkTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="requirement_links"
    )
    requirement = models.ForeignKey(
        "qualifications.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mapped by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["task", "requirement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "requirement"], name="worktaskrequirement_unique"
            )
        ]
        verbose_name = _("task–requirement mapping")
        verbose_name_plural = _("task–requirement mappings")

    def __str__(self) -> str:
        return f"{self.task} / {self.requirement_id}"


class CompetenceRecord(TimeStampedModel):
    """One requirement of one trainee's period: reached (a tick, never a grade) or not.

    ``revision`` grows with every change; the trainee's acknowledgement stores the revision it
    saw, so a later change leaves the record unacknowledged without losing when it was seen.
    """

    period = models.ForeignKey(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.PROTECT,
        related_name="competence_records",
    )
    requirement = models.ForeignKey(
        "qualifications.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    environment = models.ForeignKey(
        LearningEnvironment,
        verbose_name=_("learning environment"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    reached = models.BooleanField(_("reached"), default=True)
    reached_on = models.DateField(_("reached on"))
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("work coach"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence: models.ManyToManyField[DailyEntry, CompetenceEvidence] = models.ManyToManyField(
        DailyEntry,
        verbose_name=_("evidence"),
        through="CompetenceEvidence",
        related_name="competence_records",
    )
    additional_information = models.TextField(_("additional information"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    acknowledged_revision = models.PositiveIntegerField(
        _("acknowledged revision"), null=True, blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # "I want to discuss this": the revision the trainee asked to talk about with the coach.
    discussion_requested_revision = models.PositiveIntegerField(
        _("discussion requested for revision"), null=True, blank=True
    )
    discussion_requested_at = models.DateTimeField(_("discussion requested"), null=True, blank=True)

    class Meta:
        ordering = ["period", "requirement__unit__position", "requirement__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "requirement"], name="competencerecord_unique"
            )
        ]
        verbose_name = _("competence record")
        verbose_name_plural = _("competence records")

    def __str__(self) -> str:
        return f"{self.period} / {self.requirement_id}"

    @property
    def is_acknowledged(self) -> bool:
        """The trainee has seen the record as it is now."""
        return self.acknowledged_revision == self.revision

    @property
    def wants_discussion(self) -> bool:
        """The trainee asked to discuss the record as it is now and has not acknowledged it."""
        return self.discussion_requested_revision == self.revision and not self.is_acknowledged


class CompetenceEvidence(models.Model):
    record = models.ForeignKey(
        CompetenceRecord, on_delete=models.CASCADE, related_name="evidence_links"
    )
    entry = models.ForeignKey(
        DailyEntry, verbose_name=_("daily entry"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["record", "entry__date"]
        constraints = [
            models.UniqueConstraint(fields=["record", "entry"], name="competenceevidence_unique")
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.record_id} / {self.entry_id}"


class _IssuedQuerySet(models.QuerySet):
    """Bulk writes would bypass :meth:`CompetenceCertificate.save`; refuse them too."""

    def update(self, **kwargs):
        raise ValidationError(
            {"certificate": [gettext("An issued certificate cannot be changed.")]}
        )

    def delete(self):
        raise ValidationError(
            {"certificate": [gettext("An issued certificate cannot be deleted.")]}
        )


class CompetenceCertificate(models.Model):
    """An issued competence certificate (osaamistodistus): a frozen, hashed snapshot.

    Rows are written once. A database trigger (migration 0001) rejects UPDATE and DELETE, and
    ``save``/``delete`` refuse as well. A correction is a new row with the next ``version``
    that ``supersedes`` the previous one.
    """

    period = models.ForeignKey(
        CoachingPeriod,
        verbose_name=_("coaching period"),
        on_delete=models.PROTECT,
        related_name="competence_certificates",
    )
    version = models.PositiveIntegerField(_("version"))
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
    issued_on = models.DateField(_("issue date"))
    issued_at = models.DateTimeField(pgettext_lazy("certificate", "issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("certificate", "issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signers = models.JSONField(_("signers"), default=list)
    additional_information = models.TextField(_("additional information"), blank=True)
    statement = models.TextField(_("statement"))
    snapshot = models.JSONField(_("snapshot"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, unique=True)

    objects = _IssuedQuerySet.as_manager()

    class Meta:
        ordering = ["period", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "version"], name="competencecertificate_version_unique"
            ),
            FieldCheckConstraint(
                condition=models.Q(version=1, supersedes__isnull=True)
                | models.Q(version__gt=1, supersedes__isnull=False),
                name="competencecertificate_correction_supersedes",
                field="supersedes",
                violation_error_message=_(
                    "A correction names the certificate it replaces; "
                    "a first certificate replaces none."
                ),
            ),
        ]
        verbose_name = _("competence certificate")
        verbose_name_plural = _("competence certificates")

    def __str__(self) -> str:
        return f"{self.period} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                {"certificate": [gettext("An issued certificate cannot be changed.")]}
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            {"certificate": [gettext("An issued certificate cannot be deleted.")]}
        )
