"""Template filters for texts stored per language and for requirement trees."""

from __future__ import annotations

from typing import Any

from django import template

from valmo.i18n import localized as _localized

register = template.Library()


@register.filter
def localized(obj: Any, prefix: str) -> str:
    return _localized(obj, prefix)


@register.filter
def has_any(unit: Any, ids: Any) -> bool:
    """Whether any requirement of a ``UnitTree`` is among ``ids`` (to open its disclosure)."""
    return any(row.pk in ids for row in unit.requirements)
