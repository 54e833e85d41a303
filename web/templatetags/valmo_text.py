"""``{{ row|localized:"text" }}``: a text stored per language, in the active language."""

from __future__ import annotations

from typing import Any

from django import template

from valmo.i18n import localized as _localized

register = template.Library()


@register.filter
def localized(obj: Any, prefix: str) -> str:
    return _localized(obj, prefix)
