"""Colours as ``#rrggbb`` strings: their WCAG contrast and a darker shade for borders and bars.

The municipality's brand colour is the header's background under white text, so it must reach
WCAG 2.1 AA contrast (4.5:1) against white.
"""

from __future__ import annotations

import re

HEX_COLOUR_RE = re.compile(r"^#[0-9a-f]{6}$")
AA_CONTRAST = 4.5
WHITE = "#ffffff"


def normalise(value: str) -> str:
    """``#ABC``, ``abc123`` and `` #AbC123 `` as ``#aabbcc``/``#abc123``; other text unchanged."""
    text = value.strip().lower()
    if not text.startswith("#"):
        text = f"#{text}"
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        text = "#" + "".join(ch * 2 for ch in text[1:])
    return text if HEX_COLOUR_RE.match(text) else value.strip()


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour: str, factor: float = 0.75) -> str:
    """The colour with each channel scaled by ``factor`` (a darker shade keeps the contrast)."""
    return "#" + "".join(f"{round(c * factor):02x}" for c in _channels(colour))
