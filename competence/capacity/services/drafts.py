"""A municipality's own capacity instruments: drafts, their dimensions and items, publishing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.services.common import refuse
from competence.capacity.definitions import (
    OCCASIONS,
    REQUIRED_ANCHORS,
    InstrumentDefinition,
    ScalePointDefinition,
    Text,
)
from competence.capacity.models import (
    Dimension,
    Instrument,
    InstrumentVersion,
    Item,
    ItemAnchor,
    Occasion,
    RaterType,
    ScalePoint,
)

from .common import (
    DRAFT,
    PUBLISHED,
    _header_fields,
    _publish,
    _text_fields,
    _version_create,
    version_definition,
)

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
