"""Demo data for the embedded run: two municipalities of one employment area."""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
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
    return [(f"admin@{domain}", "tenant admin")] + [(e, str(r.label)) for e, r, _, _ in people]
