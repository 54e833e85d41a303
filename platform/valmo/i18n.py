"""Reading texts stored per language in ``<prefix>_fi/_sv/_en`` columns."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

LANGUAGES = ("fi", "sv", "en")


def localized(obj: Any, prefix: str, language: str | None = None) -> str:
    """Return ``<prefix>_<language>`` (default: the active one), else the first other text.

    Falls back in Finnish, Swedish, English order, because imported and authored texts may
    lack any of the languages.
    """
    language = (language or get_language() or "fi")[:2]
    for code in (language, *(code for code in LANGUAGES if code != language)):
        value = getattr(obj, f"{prefix}_{code}", "")
        if value:
            return value
    return ""
