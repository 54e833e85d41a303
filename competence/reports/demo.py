"""Demo final summaries: the ended demo period gets a finalised, delivered final summary and a
coaching period an interim report draft, all through the services (idempotent)."""

from __future__ import annotations

from accounts.models import User
from coaching.models import CoachingPeriod
from coaching.models.periods import Phase

from . import services
from .models import Report, ReportKind

TEXTS = {
    "work_capacity": (
        "Jaksaa kuuden tunnin työpäivät viitenä päivänä viikossa. Työn tahti on kasvanut "
        "jakson aikana, ja kiireessäkin työ pysyy laadukkaana."
    ),
    "functional_capacity": (
        "Oppii uudet tehtävät ohjeiden ja mallin avulla nopeasti. Pyytää apua tarvittaessa ja "
        "ottaa palautetta vastaan."
    ),
    "work_unit_input": "Kiinteistöpalvelut: täsmällinen, luotettava ja hyvä työkaveri.",
    "trainee_view": "Haluan jatkaa kiinteistöhuollon töissä ja suorittaa tutkinnon osan.",
    "recommendations": (
        "Suositellaan palkkatukityötä kiinteistöhuollossa ja tutkinnon osan suorittamista "
        "oppisopimuksella. Seuraava tapaaminen asiakasvastaavan kanssa kuukauden kuluessa."
    ),
}


def reports_demo_ensure(*, admin: User) -> int:
    """Add the demo's summaries where none exist yet; return how many reports were added."""
    added = 0
    ended = CoachingPeriod.objects.filter(phase=Phase.ENDED).order_by("pk").first()
    if ended is not None and not Report.objects.filter(period=ended).exists():
        actor = ended.coach or admin
        report = services.final_summary_draft_get_or_create(actor=actor, period=ended)
        services.report_texts_update(actor=actor, report=report, **TEXTS)
        if ended.career_agent is not None:
            services.report_texts_update(
                actor=ended.career_agent, report=report, recommendations=TEXTS["recommendations"]
            )
        services.report_acknowledge(
            actor=actor, report=report, on=ended.ended_on or ended.planned_end_on
        )
        version = services.report_finalise(actor=actor, report=report)
        contact = ended.referral.case_manager if ended.referral is not None else None
        services.delivery_create(
            actor=actor,
            version=version,
            recipient_name=contact.name if contact is not None else "Asiakasvastaava",
            recipient_email=(contact.email if contact is not None else "") or "te@example.fi",
            link_base="http://localhost",
        )
        added += 1
    running = CoachingPeriod.objects.filter(phase=Phase.COACHING).order_by("pk").first()
    if (
        running is not None
        and not Report.objects.filter(period=running, kind=ReportKind.INTERIM).exists()
    ):
        report = services.interim_report_draft_get_or_create(
            actor=running.coach or admin, period=running, covers_from=running.start_on
        )
        services.report_texts_update(
            actor=running.coach or admin,
            report=report,
            work_capacity=TEXTS["work_capacity"],
            recommendations="Jatketaan valmennusta suunnitellusti.",
        )
        added += 1
    return added
