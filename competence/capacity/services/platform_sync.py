"""Loading the platform's own capacity instruments into a municipality."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from accounts.models import User
from accounts.permissions import permission_required_for
from competence.capacity.definitions import (
    InstrumentDefinition,
    platform_definitions,
)
from competence.capacity.models import (
    Instrument,
)

from .common import (
    _publish,
    _version_create,
)

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
