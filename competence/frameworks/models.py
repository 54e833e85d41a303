"""National qualification frameworks imported from ePerusteet (public schema).

Rows are append-only history: an import never deletes and never rewrites what a row means.
A newer ePerusteet version adds new rows for changed or added items and marks the replaced rows
superseded, so anything pointing at an older row (a certificate, a competence record) keeps
pointing at exactly what was valid then. Only bookkeeping (``position``, the ``superseded_*``
fields, ``updated_at``) is ever changed in place. See ``docs/competence.md``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint

CURRENT = Q(superseded_in__isnull=True)


class LocalizedName(models.Model):
    """Names as ePerusteet gives them; any language may be missing."""

    name_fi = models.TextField(_("name (Finnish)"), blank=True)
    name_sv = models.TextField(_("name (Swedish)"), blank=True)
    name_en = models.TextField(_("name (English)"), blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        return self.name_fi or self.name_sv or self.name_en


class Qualification(LocalizedName, models.Model):
    """One peruste, identified by its ePerusteet id; the header fields are the current version's.

    The header of every imported version is also kept in ``QualificationVersion.metadata``, so
    updating these columns for a newer version loses nothing.
    """

    eperusteet_id = models.BigIntegerField(_("ePerusteet id"), unique=True)
    diaarinumero = models.CharField(_("register number"), max_length=100, blank=True)
    qualification_type = models.CharField(_("qualification type"), max_length=50, blank=True)
    education_codes = models.JSONField(_("education codes"), default=list, blank=True)
    completion_modes = models.JSONField(_("completion modes"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    transition_ends = models.DateField(_("transition period ends"), null=True, blank=True)
    current_version = models.ForeignKey(
        "QualificationVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name_fi", "eperusteet_id"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        name = self.display_name
        return f"{name} ({self.diaarinumero})" if self.diaarinumero else name


class QualificationVersion(models.Model):
    """One imported version of a peruste: the raw document's hash, its version and its header.

    ``sequence`` counts versions per qualification (1, 2, ...); versions are only ever added in
    increasing ``version_timestamp`` order, so "valid in version N" is a comparison of sequences.
    """

    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    version_timestamp = models.BigIntegerField(
        _("version timestamp"),
        null=True,
        blank=True,
        help_text=_("ePerusteet globalVersion.aikaleima (or muokattu), epoch milliseconds."),
    )
    version_at = models.DateTimeField(_("version time"), null=True, blank=True)
    raw_sha256 = models.CharField(_("SHA-256 of the document"), max_length=64)
    source = models.CharField(_("source"), max_length=1000)
    metadata = models.JSONField(_("header"), default=dict)
    skipped = models.JSONField(_("skipped content"), default=list, blank=True)
    summary = models.JSONField(_("change summary"), default=dict)
    imported_by = models.CharField(_("imported by"), max_length=254, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["qualification", "sequence"]
        verbose_name = _("qualification version")
        verbose_name_plural = _("qualification versions")
        constraints = [
            models.UniqueConstraint(
                fields=["qualification", "sequence"], name="qualifications_version_sequence_uniq"
            ),
            models.UniqueConstraint(
                fields=["qualification", "raw_sha256"], name="qualifications_version_sha_uniq"
            ),
        ]

    def __str__(self) -> str:
        return _("version %(sequence)s (%(timestamp)s)") % {
            "sequence": self.sequence,
            "timestamp": self.version_timestamp,
        }


class VersionedRow(models.Model):
    """Bookkeeping shared by every row whose meaning is fixed at creation."""

    introduced_in = models.ForeignKey(
        QualificationVersion,
        verbose_name=_("introduced in"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_in = models.ForeignKey(
        QualificationVersion,
        verbose_name=_("superseded in"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.superseded_in_id is None


class CompetenceArea(LocalizedName, VersionedRow):
    """An osaamisala of a qualification; ``code`` is the koodisto value (e.g. ``2357``)."""

    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="competence_areas",
    )
    code = models.CharField(_("code"), max_length=50)
    uri = models.CharField(_("URI"), max_length=200, blank=True)

    class Meta:
        ordering = ["qualification", "position", "id"]
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        constraints = [
            FieldUniqueConstraint(
                fields=["qualification", "code"],
                condition=CURRENT,
                name="qualifications_area_current_uniq",
                field="code",
                violation_error_message=_(
                    "The qualification already has a current competence area with this code."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class Title(LocalizedName, VersionedRow):
    """A tutkintonimike (qualification title), optionally tied to one competence area."""

    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="titles",
    )
    code = models.CharField(_("code"), max_length=50)
    uri = models.CharField(_("URI"), max_length=200, blank=True)
    competence_area_uri = models.CharField(_("competence area URI"), max_length=200, blank=True)

    class Meta:
        ordering = ["qualification", "position", "id"]
        verbose_name = _("qualification title")
        verbose_name_plural = _("qualification titles")
        constraints = [
            FieldUniqueConstraint(
                fields=["qualification", "code", "competence_area_uri"],
                condition=CURRENT,
                name="qualifications_title_current_uniq",
                field="code",
                violation_error_message=_(
                    "The qualification already has a current title with this code."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class Unit(LocalizedName, VersionedRow):
    """A tutkinnon osa (unit) with its placement in the qualification's structure.

    ``competence_area_codes`` holds osaamisala codes (see :class:`CompetenceArea`) of the
    structure groups the unit sits under; empty means the unit is not tied to an area.
    ``assessment`` keeps the satisfactory-level criteria per assessment target as JSON because
    the older document shape cannot tie them to single requirements.
    """

    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    eperusteet_id = models.BigIntegerField(_("ePerusteet id"))
    code = models.CharField(_("code"), max_length=50, blank=True)
    unit_type = models.CharField(_("unit type"), max_length=50, blank=True)
    competence_points = models.DecimalField(
        _("competence points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    competence_points_max = models.DecimalField(
        _("maximum competence points"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    compulsory = models.BooleanField(_("compulsory"), default=False)
    competence_area_codes = models.JSONField(_("competence areas"), default=list, blank=True)
    assessment = models.JSONField(_("assessment criteria"), default=list, blank=True)

    class Meta:
        ordering = ["qualification", "position", "id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            FieldUniqueConstraint(
                fields=["qualification", "eperusteet_id"],
                condition=CURRENT,
                name="qualifications_unit_current_uniq",
                field="eperusteet_id",
                violation_error_message=_(
                    "The qualification already has a current unit with this ePerusteet id."
                ),
            )
        ]

    def __str__(self) -> str:
        name = self.display_name
        return f"{self.code} {name}" if self.code else name


class RequirementGroup(VersionedRow):
    """An ordered group of requirements under one heading (e.g. "Opiskelija osaa")."""

    class Shape(models.TextChoices):
        HTML = "html", _("Professional skill requirements (HTML list)")
        SHAPE_2019 = "2019", _("Professional skill requirements (2019 format)")
        COMMON = "common", _("Common unit area")
        TELMA = "telma", _("TELMA/VALMA objective")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="requirement_groups"
    )
    key = models.CharField(_("key"), max_length=200)
    shape = models.CharField(_("source format"), max_length=10, choices=Shape.choices)
    heading_fi = models.TextField(_("heading (Finnish)"), blank=True)
    heading_sv = models.TextField(_("heading (Swedish)"), blank=True)
    heading_en = models.TextField(_("heading (English)"), blank=True)
    notes_fi = models.TextField(_("notes (Finnish)"), blank=True)
    notes_sv = models.TextField(_("notes (Swedish)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)

    class Meta:
        ordering = ["unit", "position", "id"]
        verbose_name = _("requirement group")
        verbose_name_plural = _("requirement groups")
        constraints = [
            FieldUniqueConstraint(
                fields=["unit", "key"],
                condition=CURRENT,
                name="qualifications_group_current_uniq",
                field="key",
                violation_error_message=_(
                    "The unit already has a current requirement group with this key."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.key


class Requirement(VersionedRow):
    """One professional-skill requirement (ammattitaitovaatimus) in plain text per language.

    ``code`` is the parser's natural key, unique among the unit's current requirements;
    ``parent_code`` names the enclosing item of a nested list. ``compulsory`` is only known for
    common-unit objectives.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="requirements"
    )
    group = models.ForeignKey(
        RequirementGroup,
        verbose_name=_("requirement group"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    code = models.CharField(_("code"), max_length=200)
    parent_code = models.CharField(_("parent code"), max_length=200, blank=True)
    text_fi = models.TextField(_("text (Finnish)"), blank=True)
    text_sv = models.TextField(_("text (Swedish)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    compulsory = models.BooleanField(_("compulsory"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "position", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            FieldUniqueConstraint(
                fields=["unit", "code"],
                condition=CURRENT,
                name="qualifications_req_current_uniq",
                field="code",
                violation_error_message=_(
                    "The unit already has a current requirement with this code."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text_fi or self.text_sv or self.text_en}"


def _import_document_path(instance: FrameworkImport, filename: str) -> str:
    return f"eperusteet-imports/{filename}"


class FrameworkImport(models.Model):
    """One requested import of an ePerusteet document, with its progress for the operator.

    Written by ``framework_import_request`` and advanced by the Celery task
    ``qualifications.framework_import_run``; each step is committed on its own, so the
    status row can be polled while the import runs.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Step(models.TextChoices):
        WAITING = "waiting", _("Waiting for a worker")
        READING = "reading", _("Reading the document")
        PARSING = "parsing", _("Checking the document")
        IMPORTING = "importing", _("Storing the requirements")
        FINISHED = "finished", _("Finished")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    eperusteet_id = models.BigIntegerField(_("ePerusteet id"), null=True, blank=True)
    document = models.FileField(
        _("uploaded document"), upload_to=_import_document_path, max_length=300, blank=True
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    requested_by = models.CharField(_("requested by"), max_length=254, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    version = models.ForeignKey(
        QualificationVersion,
        verbose_name=_("qualification version"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("framework import")
        verbose_name_plural = _("framework imports")
        constraints = [
            FieldCheckConstraint(
                condition=Q(eperusteet_id__isnull=False) | ~Q(document=""),
                name="qualifications_import_has_source",
                field="document",
                violation_error_message=_("Give a file or an ePerusteet id."),
            ),
            FieldCheckConstraint(
                condition=Q(progress__lte=100),
                name="qualifications_import_progress_max",
                field="progress",
                violation_error_message=_("Progress is at most 100 per cent."),
            ),
        ]

    def __str__(self) -> str:
        source = self.filename or f"ePerusteet {self.eperusteet_id}"
        return f"{source} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
