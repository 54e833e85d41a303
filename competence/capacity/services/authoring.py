"""Authoring a municipality's own instrument on one screen: header, scale and items at once.

The building blocks in ``drafts`` edit a draft piece by piece; the setup screen
(``/asetukset/arviointimittarit/``) asks for a small instrument in one form, so this writes
the whole first version in one transaction. The version is a draft until
``capacity_version_publish``; a published version never changes (assessments point at it),
so a change is a new version (``capacity_version_draft_create``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.services.common import refuse
from competence.capacity.definitions import (
    AnchorDefinition,
    DimensionDefinition,
    InstrumentDefinition,
    ItemDefinition,
    ScalePointDefinition,
    Text,
)
from competence.capacity.models import Instrument, InstrumentVersion, Occasion, RaterType

from .common import _version_create
from .drafts import _header_check, _ordered, _tenant_code_check

SCALE_LOWEST = (0, 1)
SCALE_MAX_POINTS = 10
ITEMS_MAX = 40


def _text_in(language: str, value: str) -> Text:
    return Text(**{language: value.strip()}) if language in ("fi", "sv", "en") else Text(fi=value)


@transaction.atomic
@permission_required_for("capacity.instrument.manage")
def capacity_instrument_author(
    *,
    actor: User,
    code: str,
    name: str,
    language: str,
    rater_types: Sequence[str],
    occasions: Sequence[str],
    scale_from: int,
    scale_labels: Sequence[str],
    items: Sequence[str],
) -> InstrumentVersion:
    """Create an own instrument with one dimension, its items and scale, as a draft version.

    ``scale_labels`` name the points ``scale_from``, ``scale_from + 1``, …; each item gets
    the scale labels as its anchors, so the draft can be published as it is. Texts are
    written in ``language`` (the author's); the other languages can be added to a later
    version. Refusals name the field: at least one item, two to ten scale points starting
    at 0 or 1, at least one valid rater type and occasion, a new code.
    """
    code = _tenant_code_check(code)
    if scale_from not in SCALE_LOWEST:
        raise refuse("scale_from", gettext("The scale starts at 0 or 1."))
    labels = [label.strip() for label in scale_labels if label.strip()]
    if not 2 <= len(labels) <= SCALE_MAX_POINTS:
        raise refuse(
            "scale_labels",
            gettext("Give between %(min)d and %(max)d scale points, one per line.")
            % {"min": 2, "max": SCALE_MAX_POINTS},
        )
    texts = [item.strip() for item in items if item.strip()]
    if not texts:
        raise refuse("items", gettext("Give at least one item, one per line."))
    if len(texts) > ITEMS_MAX:
        raise refuse("items", gettext("At most %(max)d items on this form.") % {"max": ITEMS_MAX})
    scale = tuple(
        ScalePointDefinition(value=scale_from + index, label=_text_in(language, label))
        for index, label in enumerate(labels)
    )
    title = _text_in(language, name)
    _header_check(
        name=title,
        rater_types=rater_types,
        occasions=occasions,
        scale=scale,
        not_observed=None,
    )
    anchors = tuple(AnchorDefinition(value=point.value, text=point.label) for point in scale)
    definition = InstrumentDefinition(
        code=code,
        name=title,
        description=Text(),
        rater_types=tuple(_ordered(rater_types, RaterType.values)),
        occasions=tuple(_ordered(occasions, Occasion.values)),
        scale=scale,
        not_observed=None,
        dimensions=(
            DimensionDefinition(
                code="items",
                name=title,
                description=Text(),
                items=tuple(
                    ItemDefinition(
                        code=f"item-{position}",
                        text=_text_in(language, text),
                        anchors=anchors,
                    )
                    for position, text in enumerate(texts, start=1)
                ),
            ),
        ),
    )
    instrument = Instrument.objects.create(code=code, source=Instrument.Source.TENANT)
    return _version_create(instrument, definition)
