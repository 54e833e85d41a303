"""PDF documents of personal data: tagged PDF/UA-1, fonts embedded, in the municipality's brand.

The brand (colour and logo) is kept by ``coaching`` (``CoachingSettings``), a layer above this
one, so coaching registers a provider at start-up (``document_brand_register``) instead of this
module importing it. The logo is embedded as a ``data:`` URI: the renderer fetches nothing else.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class DocumentBrand:
    """What a PDF shows of the municipality: its colour (``#rrggbb`` or "") and logo bytes."""

    colour: str = ""
    logo: bytes = b""
    logo_type: str = ""  # image/png, image/jpeg or image/webp

    @property
    def logo_data_uri(self) -> str:
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode()}"


_provider: Callable[[], DocumentBrand] | None = None


def document_brand_register(provider: Callable[[], DocumentBrand]) -> None:
    global _provider
    _provider = provider


def document_brand() -> DocumentBrand:
    """The current municipality's brand for documents (Valmo's own when none is set)."""
    return _provider() if _provider is not None else DocumentBrand()


def pdf_render(html: str) -> bytes:
    """Render an HTML document to a tagged PDF/UA-1 with the fonts embedded."""
    import weasyprint  # imported on use: heavy, and only PDFs need it

    # ``data:`` URIs only (the embedded logo): a document fetches nothing from outside.
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
