"""The comparison as CSV, XLSX and a PDF report: the same rows as the screen's table.

Spreadsheet cells starting with ``= + - @`` (or a tab or carriage return) are prefixed with an
apostrophe so a spreadsheet never runs them as formulas (CSV/formula injection); municipality
names are the only text that is not ours, but the rule applies to every cell. The dash of a
suppressed cell is an en dash, which no spreadsheet reads as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from benchmarking.comparison import Comparison

from .charts import BarChart

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PDF_VARIANT = "pdf/ua-1"


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def comparison_csv(rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark and semicolons, as Finnish spreadsheets open it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([spreadsheet_safe(str(cell)) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def comparison_xlsx(rows: list[list[str]], *, title: str) -> bytes:
    from openpyxl import Workbook  # imported on use: only the export needs it

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Valmo"
    sheet.append([spreadsheet_safe(title)])
    for row in rows:
        # Strings only: a cell typed as text is never evaluated, and the prefix guards the rest.
        sheet.append([spreadsheet_safe(str(cell)) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"The comparison PDF fetches no resources ({url[:80]}).")


def comparison_pdf(
    *,
    comparison: Comparison,
    rows: list[list[str]],
    title: str,
    charts: list[BarChart],
    language: str,
) -> bytes:
    """A tagged PDF (PDF/UA-1) with the charts as SVG and the table under them."""
    import weasyprint  # imported on use: heavy, and only PDFs need it

    html = render_to_string(
        "web/benchmarking/report_pdf.html",
        {
            "comparison": comparison,
            "rows": rows,
            "title": title,
            "charts": charts,
            "language": language,
            "made_at": timezone.localtime(),
        },
    )
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
