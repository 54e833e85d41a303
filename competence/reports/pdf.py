"""A finalised final summary or interim report as a PDF, drawn from the version's frozen snapshot.

As for the competence certificate (``competence.certificate_pdf``): WeasyPrint, the PDF/UA-1
variant (tagged, with a document language and title), fonts embedded, labels in the version's
own language. The municipality's brand colour (frozen at finalising) colours the header band and
the chart; its logo, when set, is embedded as a data URI. The capacity chart is SVG drawn here
from the snapshot's numbers, with a table of the same numbers beside it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .models import ReportVersion

PDF_VARIANT = "pdf/ua-1"
DEFAULT_COLOUR = "#0000bf"  # HDS coat of arms blue, when the municipality has no colour
CHART_WIDTH = 480
ROW_HEIGHT = 34
LABEL_WIDTH = 170


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ChartBar:
    y: float
    width: float
    value: str
    kind: str  # "first" or "last"


@dataclass(frozen=True)
class ChartRow:
    name: str
    y: float
    bars: list[ChartBar]


def indicator_chart(instrument: dict[str, Any]) -> dict[str, Any]:
    """Horizontal paired bars (first and last occasion) per dimension, scaled to the scale."""
    scale = float(instrument.get("scale_max") or 5)
    plot = CHART_WIDTH - LABEL_WIDTH - 40
    rows = []
    for index, dimension in enumerate(instrument["dimensions"]):
        top = 10 + index * ROW_HEIGHT
        bars = []
        for offset, kind in ((0, "first"), (13, "last")):
            value = dimension[kind]
            if value is None:
                continue
            bars.append(
                ChartBar(
                    y=top + offset,
                    width=round(plot * float(value) / scale, 1),
                    value=value,
                    kind=kind,
                )
            )
        rows.append(ChartRow(name=dimension["name"], y=top + 15, bars=bars))
    return {
        "width": CHART_WIDTH,
        "height": 20 + len(rows) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "plot": plot,
        "rows": rows,
    }


def _logo_data_uri() -> str:
    from coaching.models import CoachingSettings

    row = CoachingSettings.objects.first()
    if row is None or not row.logo:
        return ""
    try:
        with row.logo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return ""
    kind = "png"
    if content[:3] == b"\xff\xd8\xff":
        kind = "jpeg"
    elif content[:4] == b"RIFF":
        kind = "webp"
    return f"data:image/{kind};base64,{base64.b64encode(content).decode()}"


def report_context(version: ReportVersion, *, logo: str = "") -> dict[str, Any]:
    snapshot = version.snapshot
    organisation = snapshot.get("organisation", {})
    return {
        "version": version,
        "s": snapshot,
        "language": snapshot["language"],
        "title_final": snapshot["kind"] == "final",
        "colour": organisation.get("brand_colour") or DEFAULT_COLOUR,
        "logo": logo,
        "covers_from": _day(snapshot["covers"]["from"]),
        "covers_to": _day(snapshot["covers"]["to"]),
        "start_on": _day(snapshot["period"]["start_on"]),
        "end_on": _day(snapshot["period"]["ended_on"] or snapshot["period"]["planned_end_on"]),
        "date_of_birth": _day(snapshot["trainee"]["date_of_birth"]),
        "statuses": [
            {**row, "from": _day(row["valid_from"]), "until": _day(row["valid_until"])}
            for row in snapshot["statuses"]
        ],
        "competence": [{**row, "on": _day(row["reached_on"])} for row in snapshot["competence"]],
        "goals": [{**row, "reviewed": _day(row["last_review"])} for row in snapshot["goals"]],
        "indicator": [
            {
                **row,
                "first_on": _day(row["first"]["date"]),
                "last_on": _day(row["last"]["date"]),
                "chart": indicator_chart(row),
            }
            for row in snapshot["indicator"]
        ],
        "acknowledged_on": _day(snapshot["acknowledged"]["on"]),
        "finalised_on": _day(snapshot["finalised_on"]),
    }


def report_pdf(*, version: ReportVersion, logo: str | None = None) -> bytes:
    """Render the version to a tagged PDF/UA-1 with embedded fonts."""
    import weasyprint  # imported on use: heavy, and only PDFs need it

    context = report_context(version, logo=_logo_data_uri() if logo is None else logo)
    with translation.override(context["language"]):
        html = render_to_string("reports/report_pdf.html", context)
    # Only the embedded logo (a data: URI) may be fetched; nothing from outside.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def report_filename(version: ReportVersion) -> str:
    name = version.snapshot["trainee"]["name"].lower()
    safe = "".join(char if char.isalnum() else "-" for char in name)
    prefix = "loppukooste" if version.snapshot["kind"] == "final" else "valiraportti"
    return f"{prefix}-{safe}-v{version.number}.pdf"
