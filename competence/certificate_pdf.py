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

from privacy.documents import document_brand, pdf_render

from .models import CompetenceCertificate


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


def competence_certificate_pdf(*, certificate: CompetenceCertificate) -> bytes:
    """Render the issued certificate to a tagged PDF with embedded fonts.

    The municipality's colour and logo (``CoachingSettings``) are the brand as it is now: they
    are presentation, not part of the hashed snapshot.
    """
    context = {**certificate_context(certificate), "brand": document_brand()}
    with translation.override(context["language"]):
        html = render_to_string("competence/certificate_pdf.html", context)
    return pdf_render(html)


def certificate_filename(certificate: CompetenceCertificate) -> str:
    trainee = certificate.snapshot["trainee"]
    name = f"{trainee['last_name']}-{trainee['first_name']}".lower()
    safe = "".join(char if char.isalnum() else "-" for char in name)
    return f"osaamistodistus-{safe}-v{certificate.version}.pdf"
