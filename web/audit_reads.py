"""Logging what a page showed, under the section and purpose of the action that allowed it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accounts.permissions import rule_for
from privacy import audit


def audit_read(action: str, rows: Sequence[Any], trainee_ids: dict[Any, int]) -> None:
    """Record a read of each row, with the trainee each belongs to (``trainee_ids`` by pk)."""
    rule = rule_for(action)
    audit.record_rows(
        "read", list(rows), section=rule.section, purpose=rule.purpose, trainee_ids=trainee_ids
    )
