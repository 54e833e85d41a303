"""The competence certificate (osaamistodistus) as a PDF, drawn from its frozen snapshot.

Everything printed comes from ``CompetenceCertificate.snapshot`` (what was hashed at issue), so
a PDF made years later shows exactly what was issued. Labels are in the certificate's own
language, the one its requirement texts were frozen in. WeasyPrint embeds the (subset) fonts;
the PDF/UA-1 variant makes it a tagged PDF with a document language and title.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .models import CompetenceCertificate

PDF_VARIANT = "pdf/ua-1"


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def certificate_context(certificate: CompetenceCertificate) -> dict[str, Any]:
    """The snapshot with its ISO dates turned into dates for the template."""
    snapshot = certificate.snapshot
    qualifications = [
        {
            **qualification,
            "units": [
                {
                    **unit,
                    "groups": [
                        {
                            **group,
                            "requirements": [
                                {**row, "reached_on": _day(row["reached_on"])}
                                for row in group["requirements"]
                            ],
                        }
                        for group in unit["groups"]
                    ],
                }
                for unit in qualification["units"]
            ],
        }
        for qualification in snapshot["qualifications"]
    ]
    environments = [
        {**row, "recognised_on": _day(row["recognised_on"])}
        for row in snapshot["learning_environments"]
    ]
    trainee = snapshot["trainee"]
    return {
        "certificate": certificate,
        "snapshot": snapshot,
        "language": snapshot["language"],
        "trainee_name": f"{trainee['first_name']} {trainee['last_name']}".strip(),
        "date_of_birth": _day(trainee.get("date_of_birth")),
        "organisation": snapshot["organisation"],
        "period_start": _day(snapshot["period"]["start_on"]),
        "period_end": _day(snapshot["period"]["ended_on"]),
        "issued_on": _day(snapshot["issued_on"]),
        "qualifications": qualifications,
        "environments": environments,
    }


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The certificate needs nothing from outside (fonts come from the system): fetch nothing."""
    raise ValueError(f"The certificate PDF fetches no resources ({url[:80]}).")


def competence_certificate_pdf(*, certificate: CompetenceCertificate) -> bytes:
    """Render the issued certificate to a tagged PDF with embedded fonts."""
    import weasyprint  # imported on use: heavy, and only PDFs need it

    context = certificate_context(certificate)
    with translation.override(context["language"]):
        html = render_to_string("competence/certificate_pdf.html", context)
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetch)
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def certificate_filename(certificate: CompetenceCertificate) -> str:
    trainee = certificate.snapshot["trainee"]
    name = f"{trainee['last_name']}-{trainee['first_name']}".lower()
    safe = "".join(char if char.isalnum() else "-" for char in name)
    return f"osaamistodistus-{safe}-v{certificate.version}.pdf"
