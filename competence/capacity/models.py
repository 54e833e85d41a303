"""Capacity instruments (versioned data) and the assessments made with them (tenant schema).

An ``Instrument`` is the lasting identity ("Valmo coach observation"); its content lives in
numbered ``InstrumentVersion``s. A published version never changes: editing means a new
version, so every assessment keeps pointing at exactly the questions it answered. Rules live
in ``competence.capacity.services``; see ``docs/competence.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from valmo.i18n import localized
from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint


class RaterType(models.TextChoices):
    SELF = "self", _("Self-assessment")
    COACH = "coach", _("Coach")
    SUPERVISOR = "supervisor", _("Unit supervisor")


class Occasion(models.TextChoices):
    """Measurement occasions, declared in the order they happen."""

    BASELINE = "baseline", _("Baseline")
    INTERIM = "interim", _("Interim")
    FINAL = "final", _("Final")
    FOLLOW_UP = "follow_up", _("Follow-up")


OCCASION_ORDER: dict[str, int] = {value: index for index, value in enumerate(Occasion.values)}


class Instrument(models.Model):
    """The identity of an instrument across its versions."""

    class Source(models.TextChoices):
        PLATFORM = "platform", _("Valmo platform")
        TENANT = "tenant", _("Municipality")

    code = models.SlugField(_("code"), max_length=60)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Only instruments in use are offered for new assessments."),
    )
    copied_from = models.ForeignKey(
        "InstrumentVersion",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["source", "code"]
        constraints = [
            # Platform and tenant codes live in separate namespaces, so a new platform
            # instrument can never collide with a municipality's own.
            models.UniqueConstraint(fields=["source", "code"], name="capacity_instrument_code")
        ]
        verbose_name = _("capacity instrument")
        verbose_name_plural = _("capacity instruments")

    def __str__(self) -> str:
        return f"{self.code} ({self.get_source_display()})"


class InstrumentVersion(models.Model):
    """One numbered version of an instrument: texts, scale, rater types, dimensions, items."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    name_fi = models.CharField(_("name (Finnish)"), max_length=200, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    rater_types = models.JSONField(_("rater types"), default=list)
    occasions = models.JSONField(_("occasions"), default=list)
    allows_not_observed = models.BooleanField(_("allows 'not observed'"), default=False)
    not_observed_label_fi = models.CharField(
        _("'not observed' label (Finnish)"), max_length=100, blank=True
    )
    not_observed_label_sv = models.CharField(
        _("'not observed' label (Swedish)"), max_length=100, blank=True
    )
    not_observed_label_en = models.CharField(
        _("'not observed' label (English)"), max_length=100, blank=True
    )
    # SHA-256 of the canonical content (definitions.InstrumentDefinition.sha256), set when
    # published; the platform sync compares it with the shipped file.
    content_sha256 = models.CharField(_("content hash"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="capacity_version_number"
            ),
            FieldUniqueConstraint(
                fields=["instrument"],
                condition=Q(status="draft"),
                name="capacity_version_one_draft",
                field="instrument",
                violation_error_message=_("This instrument already has a draft version."),
            ),
        ]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def not_observed_label(self) -> str:
        return localized(self, "not_observed_label")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ScalePoint(models.Model):
    """A labelled point of a version's rating scale."""

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="scale_points"
    )
    value = models.SmallIntegerField(_("value"))
    label_fi = models.CharField(_("label (Finnish)"), max_length=200, blank=True)
    label_sv = models.CharField(_("label (Swedish)"), max_length=200, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="capacity_scale_point")
        ]
        verbose_name = _("scale point")
        verbose_name_plural = _("scale points")

    def __str__(self) -> str:
        return f"{self.value} {self.label}"

    @property
    def label(self) -> str:
        return localized(self, "label")


class Dimension(models.Model):
    """An ordered group of items (e.g. stamina); matched across versions by ``code``."""

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    name_fi = models.CharField(_("name (Finnish)"), max_length=200, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fi = models.TextField(_("description (Finnish)"), blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="capacity_dimension_code")
        ]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return self.name or self.code

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Item(models.Model):
    """An observable behaviour rated on the version's scale; matched across versions by code."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    text_fi = models.TextField(_("text (Finnish)"), blank=True)
    text_sv = models.TextField(_("text (Swedish)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        ordering = ["dimension__position", "position"]
        constraints = [
            # Unique in the whole version, so an answer names its item by code alone.
            models.UniqueConstraint(fields=["version", "code"], name="capacity_item_code")
        ]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return localized(self, "text")


class ItemAnchor(models.Model):
    """What a scale value means for one item (anchors at least for 1, 3 and 5)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="anchors")
    value = models.SmallIntegerField(_("value"))
    text_fi = models.TextField(_("text (Finnish)"), blank=True)
    text_sv = models.TextField(_("text (Swedish)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        ordering = ["item", "value"]
        constraints = [models.UniqueConstraint(fields=["item", "value"], name="capacity_anchor")]
        verbose_name = _("item anchor")
        verbose_name_plural = _("item anchors")

    def __str__(self) -> str:
        return f"{self.item.code} {self.value}"

    @property
    def text(self) -> str:
        return localized(self, "text")


class Assessment(models.Model):
    """One rater's assessment of a period's trainee at one occasion.

    Unique per (period, instrument, occasion, rater type, rater); a self-assessment has one
    possible rater (the trainee), so it is unique without the rater, who may be empty when the
    trainee has no user account and staff entered the answers on their behalf.
    """

    period = models.ForeignKey(
        "coaching.CoachingPeriod",
        verbose_name=_("coaching period"),
        on_delete=models.PROTECT,
        related_name="capacity_assessments",
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("instrument version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices)
    rater_type = models.CharField(_("rater type"), max_length=20, choices=RaterType.choices)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rater"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_on = models.DateField(_("assessed on"))
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["period", "assessed_on", "pk"]
        constraints = [
            FieldUniqueConstraint(
                fields=["period", "instrument", "occasion", "rater_type", "rater"],
                condition=~Q(rater_type="self"),
                name="capacity_assessment_unique_rater",
                field="occasion",
                violation_error_message=_(
                    "This rater has already assessed the trainee on this occasion "
                    "with this instrument."
                ),
            ),
            FieldUniqueConstraint(
                fields=["period", "instrument", "occasion"],
                condition=Q(rater_type="self"),
                name="capacity_assessment_unique_self",
                field="occasion",
                violation_error_message=_(
                    "The trainee has already assessed themselves on this occasion "
                    "with this instrument."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(rater_type="self") | Q(rater__isnull=False),
                name="capacity_assessment_rater_named",
                field="rater",
                violation_error_message=_("Name the rater of this assessment."),
            ),
        ]
        indexes = [models.Index(fields=["period", "instrument"], name="capacity_assessment_pi")]
        verbose_name = _("capacity assessment")
        verbose_name_plural = _("capacity assessments")

    def __str__(self) -> str:
        return f"{self.period} {self.get_occasion_display()} ({self.get_rater_type_display()})"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


class Answer(models.Model):
    """A value on the scale or an explicit 'not observed'; an item without a row is missing."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    not_observed = models.BooleanField(_("not observed"), default=False)

    class Meta:
        ordering = ["assessment", "item__dimension__position", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="capacity_answer_item"),
            FieldCheckConstraint(
                condition=Q(value__isnull=False, not_observed=False)
                | Q(value__isnull=True, not_observed=True),
                name="capacity_answer_value_xor_not_observed",
                field="value",
                violation_error_message=_("Give either a value or 'not observed', not both."),
            ),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.item.code}: {'-' if self.not_observed else self.value}"
