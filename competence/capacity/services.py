"""Capacity writes: platform instruments, a municipality's own instruments, assessments.

Every function is keyword-only, one transaction, with an explicit ``actor``; a rule violation
raises ``ValidationError({field: [message]})`` and writes nothing; a caller who may not do the
thing at all gets ``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import can, permission_required_for
from coaching.models import CoachingPeriod, Phase
from coaching.services.common import STAFF_ROLES, refuse

from .definitions import (
    OCCASIONS,
    REQUIRED_ANCHORS,
    AnchorDefinition,
    DimensionDefinition,
    InstrumentDefinition,
    ItemDefinition,
    ScalePointDefinition,
    Text,
    platform_definitions,
)
from .models import (
    Answer,
    Assessment,
    Dimension,
    Instrument,
    InstrumentVersion,
    Item,
    ItemAnchor,
    Occasion,
    RaterType,
    ScalePoint,
)

NOT_OBSERVED = "not_observed"
AnswerValue = int | Literal["not_observed"]

PUBLISHED = InstrumentVersion.Status.PUBLISHED
DRAFT = InstrumentVersion.Status.DRAFT


# --- Definitions <-> rows ---------------------------------------------------------------------


def _text_fields(prefix: str, text: Text | None) -> dict[str, str]:
    text = text or Text()
    return {f"{prefix}_fi": text.fi, f"{prefix}_sv": text.sv, f"{prefix}_en": text.en}


def _text_of(obj, prefix: str) -> Text:
    return Text(
        fi=getattr(obj, f"{prefix}_fi"),
        sv=getattr(obj, f"{prefix}_sv"),
        en=getattr(obj, f"{prefix}_en"),
    )


def _header_fields(definition: InstrumentDefinition) -> dict:
    return {
        **_text_fields("name", definition.name),
        **_text_fields("description", definition.description),
        "rater_types": list(definition.rater_types),
        "occasions": list(definition.occasions),
        "allows_not_observed": definition.not_observed is not None,
        **_text_fields("not_observed_label", definition.not_observed),
    }


def _version_fill(version: InstrumentVersion, definition: InstrumentDefinition) -> None:
    """Write a definition's scale, dimensions, items and anchors into an empty version."""
    ScalePoint.objects.bulk_create(
        ScalePoint(version=version, value=point.value, **_text_fields("label", point.label))
        for point in definition.scale
    )
    dimensions = Dimension.objects.bulk_create(
        Dimension(
            version=version,
            code=dimension.code,
            position=position,
            **_text_fields("name", dimension.name),
            **_text_fields("description", dimension.description),
        )
        for position, dimension in enumerate(definition.dimensions, start=1)
    )
    items = Item.objects.bulk_create(
        Item(
            version=version,
            dimension=dimension_row,
            code=item.code,
            position=position,
            **_text_fields("text", item.text),
        )
        for dimension_row, dimension in zip(dimensions, definition.dimensions, strict=True)
        for position, item in enumerate(dimension.items, start=1)
    )
    item_definitions = [item for dimension in definition.dimensions for item in dimension.items]
    ItemAnchor.objects.bulk_create(
        ItemAnchor(item=item_row, value=anchor.value, **_text_fields("text", anchor.text))
        for item_row, item in zip(items, item_definitions, strict=True)
        for anchor in item.anchors
    )


def version_definition(version: InstrumentVersion) -> InstrumentDefinition:
    """Return a stored version as a definition (what copying and hashing work on)."""
    version = (
        InstrumentVersion.objects.select_related("instrument")
        .prefetch_related(
            "scale_points",
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.prefetch_related(
                    Prefetch("items", queryset=Item.objects.prefetch_related("anchors"))
                ),
            ),
        )
        .get(pk=version.pk)
    )
    return InstrumentDefinition(
        code=version.instrument.code,
        name=_text_of(version, "name"),
        description=_text_of(version, "description"),
        rater_types=tuple(r for r in RaterType.values if r in version.rater_types),
        occasions=tuple(o for o in OCCASIONS if o in version.occasions),
        scale=tuple(
            ScalePointDefinition(point.value, _text_of(point, "label"))
            for point in version.scale_points.all()
        ),
        not_observed=_text_of(version, "not_observed_label")
        if version.allows_not_observed
        else None,
        dimensions=tuple(
            DimensionDefinition(
                code=dimension.code,
                name=_text_of(dimension, "name"),
                description=_text_of(dimension, "description"),
                items=tuple(
                    ItemDefinition(
                        code=item.code,
                        text=_text_of(item, "text"),
                        anchors=tuple(
                            AnchorDefinition(anchor.value, _text_of(anchor, "text"))
                            for anchor in item.anchors.all()
                        ),
                    )
                    for item in dimension.items.all()
                ),
            )
            for dimension in version.dimensions.all()
        ),
    )


def _version_create(instrument: Instrument, definition: InstrumentDefinition) -> InstrumentVersion:
    number = (instrument.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = InstrumentVersion.objects.create(
        instrument=instrument, number=number, status=DRAFT, **_header_fields(definition)
    )
    _version_fill(version, definition)
    return version


def _publish(version: InstrumentVersion, *, actor: User | None, sha256: str) -> None:
    version.status = PUBLISHED
    version.content_sha256 = sha256
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["status", "content_sha256", "published_at", "published_by"])


# --- Platform instruments --------------------------------------------------------------------


@transaction.atomic
@permission_required_for("capacity.instrument.sync")
def platform_instruments_sync(
    *, actor: User | None = None, definitions: Sequence[InstrumentDefinition] | None = None
) -> dict[str, str]:
    """Bring the platform's instruments in this schema up to the shipped files.

    Idempotent: an instrument whose newest version has the file's content hash is left alone;
    changed content is published as a new version, so no version that assessments point at is
    ever rewritten. Returns ``{code: "created" | "updated" | "unchanged"}``.
    """
    report = {}
    for definition in platform_definitions() if definitions is None else definitions:
        instrument, created = Instrument.objects.get_or_create(
            source=Instrument.Source.PLATFORM, code=definition.code
        )
        latest = instrument.versions.order_by("-number").first()
        if latest is not None and latest.content_sha256 == definition.sha256:
            report[definition.code] = "unchanged"
            continue
        version = _version_create(instrument, definition)
        _publish(version, actor=actor, sha256=definition.sha256)
        report[definition.code] = "created" if created else "updated"
    return report


# --- A municipality's own instruments --------------------------------------------------------


def _draft_lock(version_id: int, field: str = "version") -> InstrumentVersion:
    """Re-read and lock the version (the caller's copy may be stale) and refuse a non-draft."""
    version = (
        InstrumentVersion.objects.select_for_update()
        .select_related("instrument")
        .get(pk=version_id)
    )
    if version.status != DRAFT:
        raise refuse(
            field,
            gettext(
                "A published instrument version cannot be changed; create a new version instead."
            ),
        )
    if version.instrument.source != Instrument.Source.TENANT:
        raise refuse(field, gettext("Valmo's own instruments cannot be edited; copy one instead."))
    return version


def _code_check(code: str) -> str:
    code = code.strip()
    if not code or slugify(code) != code:
        raise refuse(
            "code", gettext("Use only lower-case letters, digits, hyphens and underscores.")
        )
    return code


def _tenant_code_check(code: str) -> str:
    code = _code_check(code)
    if Instrument.objects.filter(source=Instrument.Source.TENANT, code=code).exists():
        raise refuse("code", gettext("An instrument with this code already exists."))
    return code


def _header_check(
    *,
    name: Text,
    rater_types: Sequence[str],
    occasions: Sequence[str],
    scale: Sequence[ScalePointDefinition],
    not_observed: Text | None,
) -> None:
    if not name.any():
        raise refuse("name", gettext("Give the name in at least one language."))
    if not rater_types or any(r not in RaterType.values for r in rater_types):
        raise refuse("rater_types", gettext("Choose at least one valid rater type."))
    if not occasions or any(o not in Occasion.values for o in occasions):
        raise refuse("occasions", gettext("Choose at least one valid occasion."))
    values = [point.value for point in scale]
    if len(values) < 2 or values != sorted(set(values)):
        raise refuse("scale", gettext("A scale needs at least two points with increasing values."))
    if any(not point.label.any() for point in scale):
        raise refuse("scale", gettext("Every scale point needs a label."))
    if not_observed is not None and not not_observed.any():
        raise refuse("not_observed", gettext("Give the 'not observed' label."))


def _ordered(values: Sequence[str], order: Sequence[str]) -> list[str]:
    return [value for value in order if value in values]


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_instrument_create(
    *,
    actor: User,
    code: str,
    name: Text,
    rater_types: Sequence[str],
    scale: Sequence[ScalePointDefinition],
    occasions: Sequence[str] = OCCASIONS,
    description: Text | None = None,
    not_observed: Text | None = None,
) -> InstrumentVersion:
    """Create a municipality's own instrument and return its first version, a draft."""
    code = _tenant_code_check(code)
    _header_check(
        name=name,
        rater_types=rater_types,
        occasions=occasions,
        scale=scale,
        not_observed=not_observed,
    )
    instrument = Instrument.objects.create(code=code, source=Instrument.Source.TENANT)
    definition = InstrumentDefinition(
        code=code,
        name=name,
        description=description or Text(),
        rater_types=tuple(_ordered(rater_types, RaterType.values)),
        occasions=tuple(_ordered(occasions, Occasion.values)),
        scale=tuple(scale),
        not_observed=not_observed,
        dimensions=(),
    )
    return _version_create(instrument, definition)


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_draft_update(
    *,
    actor: User,
    version: InstrumentVersion,
    name: Text,
    rater_types: Sequence[str],
    scale: Sequence[ScalePointDefinition],
    occasions: Sequence[str] = OCCASIONS,
    description: Text | None = None,
    not_observed: Text | None = None,
) -> InstrumentVersion:
    """Replace a draft's texts, rater types, occasions and scale."""
    version = _draft_lock(version.pk)
    _header_check(
        name=name,
        rater_types=rater_types,
        occasions=occasions,
        scale=scale,
        not_observed=not_observed,
    )
    values = {point.value for point in scale}
    stray = (
        ItemAnchor.objects.filter(item__version=version)
        .exclude(value__in=values)
        .values_list("item__code", flat=True)
        .first()
    )
    if stray is not None:
        raise refuse(
            "scale",
            gettext("Item %(item)s has an anchor for a value that is not on the new scale.")
            % {"item": stray},
        )
    definition = InstrumentDefinition(
        code=version.instrument.code,
        name=name,
        description=description or Text(),
        rater_types=tuple(_ordered(rater_types, RaterType.values)),
        occasions=tuple(_ordered(occasions, Occasion.values)),
        scale=tuple(scale),
        not_observed=not_observed,
        dimensions=(),
    )
    for field, value in _header_fields(definition).items():
        setattr(version, field, value)
    version.save()
    version.scale_points.all().delete()
    ScalePoint.objects.bulk_create(
        ScalePoint(version=version, value=point.value, **_text_fields("label", point.label))
        for point in scale
    )
    return version


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_dimension_add(
    *,
    actor: User,
    version: InstrumentVersion,
    code: str,
    name: Text,
    description: Text | None = None,
) -> Dimension:
    """Append a dimension to a draft."""
    version = _draft_lock(version.pk)
    code = _code_check(code)
    if version.dimensions.filter(code=code).exists():
        raise refuse("code", gettext("This version already has a dimension with this code."))
    if not name.any():
        raise refuse("name", gettext("Give the name in at least one language."))
    position = (version.dimensions.aggregate(last=Max("position"))["last"] or 0) + 1
    return Dimension.objects.create(
        version=version,
        code=code,
        position=position,
        **_text_fields("name", name),
        **_text_fields("description", description),
    )


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_dimension_update(
    *, actor: User, dimension: Dimension, name: Text, description: Text | None = None
) -> Dimension:
    """Change a draft dimension's texts (its code is its identity across versions)."""
    _draft_lock(dimension.version_id, "dimension")
    if not name.any():
        raise refuse("name", gettext("Give the name in at least one language."))
    for field, value in {
        **_text_fields("name", name),
        **_text_fields("description", description),
    }.items():
        setattr(dimension, field, value)
    dimension.save()
    return dimension


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_dimension_remove(*, actor: User, dimension: Dimension) -> None:
    """Remove a dimension and its items from a draft."""
    version = _draft_lock(dimension.version_id, "dimension")
    dimension.delete()
    for position, row in enumerate(version.dimensions.order_by("position"), start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _anchors_check(version: InstrumentVersion, anchors: Mapping[int, Text]) -> None:
    values = set(version.scale_points.values_list("value", flat=True))
    for value, text in anchors.items():
        if value not in values:
            raise refuse(
                "anchors",
                gettext("%(value)s is not a value on this version's scale.") % {"value": value},
            )
        if not text.any():
            raise refuse("anchors", gettext("Every anchor needs a text."))


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_item_add(
    *,
    actor: User,
    dimension: Dimension,
    code: str,
    text: Text,
    anchors: Mapping[int, Text],
) -> Item:
    """Append an item (an observable behaviour with anchors) to a draft dimension."""
    version = _draft_lock(dimension.version_id, "dimension")
    code = _code_check(code)
    if version.items.filter(code=code).exists():
        raise refuse("code", gettext("This version already has an item with this code."))
    if not text.any():
        raise refuse("text", gettext("Give the text in at least one language."))
    _anchors_check(version, anchors)
    position = (dimension.items.aggregate(last=Max("position"))["last"] or 0) + 1
    item = Item.objects.create(
        version=version,
        dimension=dimension,
        code=code,
        position=position,
        **_text_fields("text", text),
    )
    ItemAnchor.objects.bulk_create(
        ItemAnchor(item=item, value=value, **_text_fields("text", anchor))
        for value, anchor in sorted(anchors.items())
    )
    return item


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_item_update(
    *, actor: User, item: Item, text: Text, anchors: Mapping[int, Text]
) -> Item:
    """Replace a draft item's text and anchors."""
    version = _draft_lock(item.version_id, "item")
    if not text.any():
        raise refuse("text", gettext("Give the text in at least one language."))
    _anchors_check(version, anchors)
    for field, value in _text_fields("text", text).items():
        setattr(item, field, value)
    item.save()
    item.anchors.all().delete()
    ItemAnchor.objects.bulk_create(
        ItemAnchor(item=item, value=value, **_text_fields("text", anchor))
        for value, anchor in sorted(anchors.items())
    )
    return item


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_item_remove(*, actor: User, item: Item) -> None:
    """Remove an item from a draft."""
    _draft_lock(item.version_id, "item")
    dimension = item.dimension
    item.delete()
    for position, row in enumerate(dimension.items.order_by("position"), start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_version_publish(*, actor: User, version: InstrumentVersion) -> InstrumentVersion:
    """Publish a complete draft; from then on it never changes and can be used to assess."""
    version = _draft_lock(version.pk)
    definition = version_definition(version)
    if not definition.dimensions:
        raise refuse("version", gettext("Add at least one dimension before publishing."))
    scale_values = {point.value for point in definition.scale}
    required = {value for value in REQUIRED_ANCHORS if value in scale_values}
    for dimension in definition.dimensions:
        if not dimension.items:
            raise refuse(
                "version",
                gettext("Dimension %(dimension)s has no items.") % {"dimension": dimension.code},
            )
        for item in dimension.items:
            if not required <= {anchor.value for anchor in item.anchors}:
                raise refuse(
                    "version",
                    gettext("Item %(item)s needs anchors for the values %(values)s.")
                    % {"item": item.code, "values": ", ".join(map(str, sorted(required)))},
                )
    _publish(version, actor=actor, sha256=definition.sha256)
    return version


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_version_draft_create(*, actor: User, instrument: Instrument) -> InstrumentVersion:
    """Start the next version of an own instrument as a draft copy of its newest version."""
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.source != Instrument.Source.TENANT:
        raise refuse(
            "instrument", gettext("Valmo's own instruments cannot be edited; copy one instead.")
        )
    if instrument.versions.filter(status=DRAFT).exists():
        raise refuse("instrument", gettext("This instrument already has a draft version."))
    latest = instrument.versions.order_by("-number").first()
    return _version_create(instrument, version_definition(latest))


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_instrument_copy(
    *, actor: User, version: InstrumentVersion, code: str
) -> InstrumentVersion:
    """Start an own instrument as a draft copy of any published version (e.g. Valmo's)."""
    if version.status != PUBLISHED:
        raise refuse("version", gettext("Only a published version can be copied."))
    code = _tenant_code_check(code)
    instrument = Instrument.objects.create(
        code=code, source=Instrument.Source.TENANT, copied_from=version
    )
    return _version_create(instrument, version_definition(version))


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_draft_delete(*, actor: User, version: InstrumentVersion) -> None:
    """Throw a draft away; an instrument that had nothing else goes with it."""
    version = _draft_lock(version.pk)
    instrument = version.instrument
    version.delete()
    if not instrument.versions.exists():
        instrument.delete()


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_instrument_active_set(
    *, actor: User, instrument: Instrument, is_active: bool
) -> Instrument:
    """Take an instrument into use or out of use for new assessments (old ones stay)."""
    instrument.is_active = is_active
    instrument.save(update_fields=["is_active", "updated_at"])
    return instrument


# --- Assessments -----------------------------------------------------------------------------


def _assessor_require(actor: User, period: CoachingPeriod, rater_type: str) -> None:
    """Staff of the period's group may enter any assessment; a trainee only their own
    self-assessment, a unit supervisor only the supervisor assessment of a period they supervise.

    Whose period it is (``capacity.assess``) is asked again on the locked row, because the
    caller's copy may predate a handover to another coach.
    """
    if actor is None or not can(actor, "capacity.assess", period):
        raise PermissionDenied(gettext("You may not enter this assessment."))
    own_self_assessment = (
        actor.role == User.Role.TRAINEE
        and rater_type == RaterType.SELF
        and period.trainee.user_id == actor.pk
    )
    own_supervision = (
        actor.role == User.Role.UNIT_SUPERVISOR
        and rater_type == RaterType.SUPERVISOR
        and period.placement_supervisor_id == actor.pk
    )
    if actor.role in STAFF_ROLES or own_self_assessment or own_supervision:
        return
    raise PermissionDenied(gettext("You may not enter this assessment."))


def _period_open_require(period: CoachingPeriod) -> None:
    if period.phase == Phase.CLOSED:
        raise refuse(
            "period", gettext("The period is closed; its assessments can no longer change.")
        )


def _rater_resolve(
    *, actor: User, period: CoachingPeriod, rater_type: str, rater: User | None
) -> User | None:
    if rater_type == RaterType.SELF:
        trainee_user = period.trainee.user
        if rater is not None and rater != trainee_user:
            raise refuse("rater", gettext("A self-assessment is always the trainee's own."))
        return trainee_user
    if rater_type == RaterType.SUPERVISOR:
        if period.placement_supervisor_id is None:
            raise refuse(
                "rater_type",
                gettext("The period has no placement supervisor to give this assessment."),
            )
        rater = rater or period.placement_supervisor
        if rater.pk != period.placement_supervisor_id:
            raise refuse(
                "rater", gettext("Only the period's placement supervisor gives this assessment.")
            )
        return rater
    rater = rater or actor
    if rater.role not in STAFF_ROLES:
        raise refuse("rater", gettext("A coach assessment is given by coaching staff."))
    return rater


def _answers_check(
    version: InstrumentVersion, answers: Mapping[str, AnswerValue]
) -> dict[int, int | None]:
    """Return ``{item id: value or None for not observed}`` or refuse on ``answers``."""
    if not answers:
        raise refuse("answers", gettext("Answer at least one item."))
    items = dict(version.items.values_list("code", "pk"))
    values = set(version.scale_points.values_list("value", flat=True))
    errors, checked = [], {}
    for code, value in answers.items():
        if code not in items:
            errors.append(
                gettext("%(item)s is not an item of this instrument version.") % {"item": code}
            )
        elif value == NOT_OBSERVED:
            if version.allows_not_observed:
                checked[items[code]] = None
            else:
                errors.append(
                    gettext("This instrument has no 'not observed' answer (item %(item)s).")
                    % {"item": code}
                )
        elif type(value) is int and value in values:
            checked[items[code]] = value
        else:
            errors.append(
                gettext("%(value)s is not a value on the scale (item %(item)s).")
                % {"value": value, "item": code}
            )
    if errors:
        raise ValidationError({"answers": errors})
    return checked


@transaction.atomic
@permission_required_for("capacity.assess", obj="period")
def capacity_assessment_submit(
    *,
    actor: User,
    period: CoachingPeriod,
    version: InstrumentVersion,
    occasion: str,
    rater_type: str,
    assessed_on: date,
    answers: Mapping[str, AnswerValue],
    rater: User | None = None,
    note: str = "",
    finalise: bool = False,
) -> Assessment:
    """Record one rater's assessment at one occasion; re-submitting replaces it until final.

    ``answers`` maps item codes to a scale value or ``"not_observed"``; an item left out is
    stored as missing (no answer row). The assessment is unique per (period, instrument,
    occasion, rater type, rater); submitting again updates that row and replaces its answers,
    so the same call twice gives the same result. A finalised assessment is refused.
    """
    if rater_type not in RaterType.values:
        raise refuse("rater_type", gettext("Choose a valid rater type."))
    # Locking the period serialises submissions for it, so two first submissions of the same
    # assessment cannot both insert.
    period = (
        CoachingPeriod.objects.select_for_update(of=("self",))
        .select_related("trainee")
        .get(pk=period.pk)
    )
    _assessor_require(actor, period, rater_type)
    _period_open_require(period)
    version = InstrumentVersion.objects.select_related("instrument").get(pk=version.pk)
    if version.status != PUBLISHED:
        raise refuse("version", gettext("Only a published instrument version can be used."))
    if not version.instrument.is_active:
        raise refuse("version", gettext("This instrument is not in use."))
    if occasion not in Occasion.values or occasion not in version.occasions:
        raise refuse("occasion", gettext("This instrument is not used at this occasion."))
    if rater_type not in version.rater_types:
        raise refuse("rater_type", gettext("This instrument is not meant for this rater."))
    rater = _rater_resolve(actor=actor, period=period, rater_type=rater_type, rater=rater)
    if assessed_on > timezone.localdate():
        raise refuse("assessed_on", gettext("The assessment date cannot be in the future."))
    if assessed_on < period.start_on:
        raise refuse("assessed_on", gettext("The assessment date is before the period started."))
    checked = _answers_check(version, answers)

    existing = Assessment.objects.select_for_update().filter(
        period=period, instrument=version.instrument, occasion=occasion, rater_type=rater_type
    )
    if rater_type != RaterType.SELF:
        existing = existing.filter(rater=rater)
    assessment = existing.first()
    if assessment is not None and assessment.is_final:
        raise refuse(
            "occasion",
            gettext("This assessment has been finalised and can no longer be changed."),
        )
    if assessment is None:
        assessment = Assessment(period=period, instrument=version.instrument, occasion=occasion)
    assessment.rater_type = rater_type
    assessment.rater = rater
    assessment.version = version
    assessment.assessed_on = assessed_on
    assessment.note = note.strip()
    assessment.entered_by = actor
    if finalise:
        assessment.finalised_at = timezone.now()
        assessment.finalised_by = actor
    assessment.save()
    assessment.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_id=item_id, value=value, not_observed=value is None)
        for item_id, value in checked.items()
    )
    return assessment


@transaction.atomic
@permission_required_for("capacity.assess", obj=lambda kw: kw["assessment"].period)
def capacity_assessment_finalise(*, actor: User, assessment: Assessment) -> Assessment:
    """Lock an assessment against further changes; finalising twice changes nothing."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("period__trainee")
        .get(pk=assessment.pk)
    )
    _assessor_require(actor, assessment.period, assessment.rater_type)
    _period_open_require(assessment.period)
    if not assessment.is_final:
        assessment.finalised_at = timezone.now()
        assessment.finalised_by = actor
        assessment.save(update_fields=["finalised_at", "finalised_by", "updated_at"])
    return assessment


__all__ = [
    "NOT_OBSERVED",
    "capacity_assessment_finalise",
    "capacity_assessment_submit",
    "capacity_dimension_add",
    "capacity_dimension_remove",
    "capacity_dimension_update",
    "capacity_draft_delete",
    "capacity_draft_update",
    "capacity_instrument_active_set",
    "capacity_instrument_copy",
    "capacity_instrument_create",
    "capacity_item_add",
    "capacity_item_remove",
    "capacity_item_update",
    "capacity_version_draft_create",
    "capacity_version_publish",
    "platform_instruments_sync",
    "version_definition",
]
