"""Capacity writes: platform instruments, a municipality's own instruments, assessments.

Every function is keyword-only, one transaction, with an explicit ``actor``; a rule violation
raises ``ValidationError({field: [message]})`` and writes nothing; a caller who may not do the
thing at all gets ``PermissionDenied``.
"""

from __future__ import annotations

from .assessments import (
    capacity_assessment_finalise,
    capacity_assessment_submit,
    capacity_rater_types_for,
)
from .authoring import capacity_instrument_author
from .common import (
    NOT_OBSERVED,
    version_definition,
)
from .drafts import (
    capacity_dimension_add,
    capacity_dimension_remove,
    capacity_dimension_update,
    capacity_draft_delete,
    capacity_draft_update,
    capacity_instrument_active_set,
    capacity_instrument_copy,
    capacity_instrument_create,
    capacity_item_add,
    capacity_item_remove,
    capacity_item_update,
    capacity_version_draft_create,
    capacity_version_publish,
)
from .platform_sync import (
    platform_instruments_sync,
)

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
    "capacity_instrument_author",
    "capacity_instrument_copy",
    "capacity_instrument_create",
    "capacity_item_add",
    "capacity_item_remove",
    "capacity_item_update",
    "capacity_rater_types_for",
    "capacity_version_draft_create",
    "capacity_version_publish",
    "platform_instruments_sync",
    "version_definition",
]
