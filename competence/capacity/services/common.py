"""Shared by the capacity services: constants; instrument versions to and from definitions."""

from __future__ import annotations

from typing import Literal

from django.db.models import Max, Prefetch
from django.utils import timezone

from accounts.models import User
from competence.capacity.definitions import (
    OCCASIONS,
    AnchorDefinition,
    DimensionDefinition,
    InstrumentDefinition,
    ItemDefinition,
    ScalePointDefinition,
    Text,
)
from competence.capacity.models import (
    Dimension,
    Instrument,
    InstrumentVersion,
    Item,
    ItemAnchor,
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
