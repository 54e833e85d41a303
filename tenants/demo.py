"""Demo data for the embedded run: two municipalities of one employment area."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from .models import Municipality, Region
from .services import public_tenant_ensure, region_create

DEMO_PASSWORD = "valmo-demo-2026"  # noqa: S105 - printed on purpose: demo only
DEMO_REGION = ("Pohjois-Karjalan työllisyysalue", "pohjois-karjala")
DEMO_MUNICIPALITIES = [
    {"name": "Joensuu", "slug": "joensuu", "business_id": "0204819-8"},
    {"name": "Kitee", "slug": "kitee", "business_id": "0207246-8"},
]
FIRST_NAMES = [
    "Aino",
    "Eero",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Mervi",
    "Niko",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tiina",
    "Ville",
    "Amina",
    "Omar",
]
LAST_NAMES = [
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Hyvönen",
    "Turunen",
    "Heikkinen",
    "Pesonen",
    "Ahonen",
    "Kinnunen",
    "Savolainen",
    "Hassan",
]


def demo_data_ensure(*, base_domain: str = "localhost") -> dict:
    """Create the demo once; running it again only reports what exists."""
    from accounts.models import User

    public_tenant_ensure(domain=base_domain)
    region = Region.objects.filter(slug=DEMO_REGION[1]).first() or region_create(
        name=DEMO_REGION[0], slug=DEMO_REGION[1]
    )
    operator_email = f"operaattori@{base_domain}"
    if not User.objects.filter(email=operator_email).exists():
        User.objects.create_superuser(
            email=operator_email, password=DEMO_PASSWORD, first_name="Olli", last_name="Operaattori"
        )
    report = {"password": DEMO_PASSWORD, "operator_email": operator_email, "municipalities": []}
    for spec in DEMO_MUNICIPALITIES:
        domain = f"{spec['slug']}.{base_domain}"
        municipality = Municipality.objects.filter(slug=spec["slug"]).first()
        if municipality is None:
            from .services import municipality_onboard

            municipality = municipality_onboard(
                name=spec["name"],
                slug=spec["slug"],
                domain=domain,
                region=region.slug,
                admin_email=f"admin@{domain}",
                business_id=spec["business_id"],
            )
        with schema_context(municipality.schema_name):
            staff = _demo_tenant_fill(municipality, domain)
        report["municipalities"].append(
            {"name": municipality.name, "domain": domain, "staff": staff}
        )
    return report


@transaction.atomic
def _demo_tenant_fill(municipality: Municipality, domain: str) -> list[tuple[str, str]]:
    from accounts.models import User
    from coaching.models import Site, Trainee, WorkUnit

    admin = User.objects.get(email=f"admin@{domain}")
    if not admin.has_usable_password():
        admin.first_name, admin.last_name = "Pääkäyttäjä", municipality.name
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    people = [
        (f"valmentaja@{domain}", User.Role.WORK_COACH, "Veera", "Valmentaja"),
        (f"valmentaja2@{domain}", User.Role.WORK_COACH, "Ville", "Valmentaja"),
        (f"uraagentti@{domain}", User.Role.CAREER_AGENT, "Ulla", "Ura-agentti"),
        (f"esihenkilo@{domain}", User.Role.UNIT_SUPERVISOR, "Esa", "Esihenkilö"),
    ]
    for email, role, first, last in people:
        if not User.objects.filter(email=email).exists():
            User.objects.create_user(
                email=email, password=DEMO_PASSWORD, role=role, first_name=first, last_name=last
            )
    supervisor = User.objects.get(email=f"esihenkilo@{domain}")
    main_site, _ = Site.objects.get_or_create(
        name=f"{municipality.name}n valmennusympäristö",
        defaults={"address": "Teollisuuskatu 1"},
    )
    Site.objects.get_or_create(
        name=f"{municipality.name}n kierrätyskeskus", defaults={"address": "Kierrätystie 3"}
    )
    units = [
        ("Kiinteistöpalvelut", "Tekninen toimi"),
        ("Ateriapalvelut", "Sivistystoimi"),
        ("Koulupalvelut", "Sivistystoimi"),
    ]
    for name, department in units:
        WorkUnit.objects.get_or_create(
            name=name,
            defaults={
                "department": department,
                "site": main_site,
                "supervisor": supervisor,
                "contact_name": "Esa Esihenkilö",
                "contact_email": f"esihenkilo@{domain}",
            },
        )
    if not Trainee.objects.exists():
        rng = random.Random(municipality.slug)  # noqa: S311 - demo names, not security
        Trainee.objects.bulk_create(
            Trainee(
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                date_of_birth=date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                languages="suomi" if i % 5 else "arabia, suomi",
                has_hygiene_passport=i % 3 == 0,
            )
            for i in range(12)
        )
    _demo_periods_fill(admin=admin, supervisor=supervisor, domain=domain)
    return [(f"admin@{domain}", "tenant admin")] + [(e, str(r.label)) for e, r, _, _ in people]


# (phase to reach, interrupted from, days since start): one demo period per phase.
DEMO_PHASES = [
    ("referred", None, 2),
    ("intake_assessment", None, 10),
    ("pre_coaching", None, 30),
    ("coaching", None, 60),
    ("continued_coaching", None, 140),
    ("ended", None, 150),
    ("follow_up", None, 170),
    ("closed", None, 200),
    ("interrupted", "coaching", 80),
]
DEMO_PATH = ["intake_assessment", "pre_coaching", "coaching", "continued_coaching"]
DEMO_END_PATH = ["intake_assessment", "pre_coaching", "coaching", "ended", "follow_up", "closed"]


def _demo_periods_fill(*, admin, supervisor, domain: str) -> None:
    """Give the municipality one period in every phase, once (only while it has none)."""
    from accounts.models import User
    from coaching import services
    from coaching.models import (
        CoachingPeriod,
        ParticipationStatus,
        PartnerOrganisation,
        ServiceForm,
        Trainee,
        WorkUnit,
    )

    if CoachingPeriod.objects.exists():
        return
    coaches = list(User.objects.filter(role=User.Role.WORK_COACH).order_by("email"))
    agent = User.objects.filter(role=User.Role.CAREER_AGENT).first()
    unit = WorkUnit.objects.order_by("name").first()
    organisation = PartnerOrganisation.objects.filter(name=DEMO_REGION[0]).first()
    if organisation is None:
        organisation = services.partner_organisation_create(
            actor=admin, name=DEMO_REGION[0], kind=PartnerOrganisation.Kind.EMPLOYMENT_AREA
        )
    case_manager = services.partner_contact_create(
        actor=admin,
        organisation=organisation,
        name="Anna Asiakasvastaava",
        title="Asiakasvastaava",
        email=f"asiakasvastaava@{domain}",
        is_case_manager=True,
    )
    work_trial = ParticipationStatus.objects.get(code="work_trial")
    service_form = ServiceForm.objects.get(code="service_work_education")
    today = timezone.localdate()
    trainees = list(Trainee.objects.order_by("pk"))
    for index, ((phase, interrupted_from, days), trainee) in enumerate(
        zip(DEMO_PHASES, trainees, strict=False)
    ):
        start = today - timedelta(days=days)
        planned_end = start + timedelta(days=150)
        referral = services.referral_create(
            actor=admin,
            trainee=trainee,
            case_manager=case_manager,
            legal_basis="employment_plan",
            legal_basis_date=start - timedelta(days=14),
            requested_status=work_trial,
            service_form=service_form,
            days_per_week=4,
            hours_per_day=Decimal(6),
            planned_start_on=start,
            planned_end_on=planned_end,
            goals="Työkyvyn selvittäminen ja polku työhön tai koulutukseen.",
        )
        period = services.coaching_period_create(
            actor=admin,
            trainee=trainee,
            referral=referral,
            coach=coaches[index % len(coaches)],
            career_agent=agent,
            start_on=start,
            planned_end_on=planned_end,
            at=_demo_at(start, 0),
        ).period
        services.period_status_add(
            actor=admin,
            period=period,
            status=work_trial,
            valid_from=start,
            valid_until=planned_end,
            days_per_week=4,
            hours_per_day=Decimal(6),
        )
        target = interrupted_from or phase
        path = DEMO_END_PATH if target in DEMO_END_PATH[3:] else DEMO_PATH
        steps = path[: path.index(target) + 1] if target in path else []
        if interrupted_from:
            steps.append("interrupted")
        for step_number, step in enumerate(steps, start=1):
            when = _demo_at(start, step_number * min(days // (len(steps) + 1), 20))
            if step == "continued_coaching":
                services.coaching_period_placement_set(
                    actor=admin, period=period, work_unit=unit, supervisor=supervisor
                )
            if step == "ended":
                services.coaching_period_end(
                    actor=admin, period=period, outcome="open_market_work", at=when
                )
                continue
            services.coaching_period_transition(
                period=period, to_phase=step, actor=admin, reason="Esittelyaineisto", at=when
            )


def _demo_at(start: date, days: int) -> datetime:
    return datetime.combine(
        start + timedelta(days=days), time(9), tzinfo=timezone.get_current_timezone()
    )
