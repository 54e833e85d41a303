"""Compile the translation catalogues (.po → .mo) with Babel, without GNU gettext.

Free of Django on purpose: ``make run`` compiles before ``django.setup()``, because a catalogue
that anything reads during set-up stays cached in the process without later messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def catalogues_compile(locale_dirs: Iterable[Path | str]) -> int:
    """Compile every catalogue whose .mo is missing or older than its .po; return how many."""
    count = 0
    for locale_dir in locale_dirs:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            count += 1
    return count
