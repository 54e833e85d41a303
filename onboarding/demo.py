"""Demo data for the embedded run: two municipalities of one employment area."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.services import email_address_confirm
from coaching import services
from coaching.models import (
    ActivityType,
    CoachingPeriod,
    DifficultyLevel,
    EquipmentType,
    Goal,
    Locker,
    ParticipationStatus,
    PartnerOrganisation,
    ServiceForm,
    Site,
    Trainee,
    WorkTask,
    WorkUnit,
)
from coaching.models.periods import ACTIVE_PHASES
from coaching.services import OrderedTask, ParticipantInput
from competence.capacity.demo import capacity_demo_ensure
from competence.demo import competence_demo_ensure
from tenants.models import Municipality, Region
from tenants.services import public_tenant_ensure, region_create

from .services import municipality_onboard

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
    public_tenant_ensure(domain=base_domain)
    region = Region.objects.filter(slug=DEMO_REGION[1]).first() or region_create(
        name=DEMO_REGION[0], slug=DEMO_REGION[1]
    )
    operator_email = f"operaattori@{base_domain}"
    if not User.objects.filter(email=operator_email).exists():
        User.objects.create_superuser(
            email=operator_email, password=DEMO_PASSWORD, first_name="Olli", last_name="Operaattori"
        )
    _demo_emails_confirm()
    report = {"password": DEMO_PASSWORD, "operator_email": operator_email, "municipalities": []}
    for spec in DEMO_MUNICIPALITIES:
        domain = f"{spec['slug']}.{base_domain}"
        municipality = Municipality.objects.filter(slug=spec["slug"]).first()
        if municipality is None:
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
        (f"valmentautuja@{domain}", User.Role.TRAINEE, "Demo", "Valmentautuja"),
    ]
    for email, role, first, last in people:
        if not User.objects.filter(email=email).exists():
            User.objects.create_user(
                email=email, password=DEMO_PASSWORD, role=role, first_name=first, last_name=last
            )
    _demo_emails_confirm()
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
    _demo_coaching_extras_fill(admin=admin, domain=domain)
    competence_demo_ensure(admin=admin)
    capacity_demo_ensure()
    return [(f"admin@{domain}", str(User.Role.TENANT_ADMIN.label))] + [
        (e, str(r.label)) for e, r, _, _ in people
    ]


def _demo_emails_confirm() -> None:
    """Demo accounts sign in without the e-mail confirmation step real accounts go through."""
    for user in User.objects.all():
        if user.has_usable_password():
            email_address_confirm(user=user)


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


def _demo_coaching_extras_fill(*, admin, domain: str) -> None:
    """Add diary, goals, activities, work orders, equipment and lockers once (no goals yet)."""

    coaching = CoachingPeriod.objects.filter(phase="coaching").select_related("trainee").first()
    if Goal.objects.exists() or coaching is None:
        return
    today = timezone.localdate()
    coach = coaching.coach
    trainee = coaching.trainee

    # The demo trainee's login writes the learning diary of the period in coaching.
    user = User.objects.get(email=f"valmentautuja@{domain}")
    if not Trainee.objects.filter(user=user).exists():
        trainee.user = user
        trainee.save(update_fields=["user", "updated_at"])
        user.first_name, user.last_name = trainee.first_name, trainee.last_name
        user.save(update_fields=["first_name", "last_name"])
    diary = [
        (7, "Haravoin koulun pihaa ja lajittelin roskat.", "Lehtipuhaltimen käytön.", True),
        (6, "Siivosin varaston hyllyt.", "", True),
        (5, "Lumitöitä aamulla.", "", False),
    ]
    for days_ago, did, learned, shared in diary:
        entry = services.diary_entry_create(
            actor=user,
            period=coaching,
            date=today - timedelta(days=days_ago),
            did=did,
            learned=learned,
            felt="Hyvä päivä." if shared else "Väsytti.",
            is_shared=shared,
        )
        if days_ago == 7:
            services.diary_entry_comment(
                actor=coach, entry=entry, comment="Hienoa, puhallin sujui jo itsenäisesti!"
            )

    # Goals from the referral and one set at intake, reviewed once.
    for goal in services.goals_from_referral_create(
        actor=admin, period=coaching, review_due_on=today + timedelta(days=5)
    ):
        services.goal_review_record(
            actor=coach,
            goal=goal,
            date=today - timedelta(days=20),
            note="Työkyky vahvistunut, jaksaa neljä päivää viikossa.",
            status="open",
            next_review_on=today + timedelta(days=5),
        )
    services.goal_create(
        actor=coach,
        period=coaching,
        text="Hygieniapassin suorittaminen",
        review_due_on=today + timedelta(days=14),
    )

    # A past info session with attendance and an upcoming workplace visit.
    active = list(
        CoachingPeriod.objects.filter(
            phase__in=ACTIVE_PHASES, start_on__lte=today - timedelta(days=7)
        ).order_by("pk")
    )
    session = services.activity_create(
        actor=admin,
        activity_type=ActivityType.objects.get(code="info_session"),
        title="Talous- ja velkaneuvonnan infotilaisuus",
        starts_at=_demo_at(today - timedelta(days=7), 0),
        place="Valmennusympäristön kokoushuone",
        organiser="Talous- ja velkaneuvonta",
    )
    marks = ["attended", "attended", "absent_excused", "absent_unexplained"]
    services.activity_attendance_record(
        actor=coach,
        activity=session,
        participants=[
            ParticipantInput(period.pk, marks[i % len(marks)]) for i, period in enumerate(active)
        ],
    )
    visit = services.activity_create(
        actor=admin,
        activity_type=ActivityType.objects.get(code="workplace_visit"),
        title="Tutustuminen kaupungin varikkoon",
        starts_at=_demo_at(today + timedelta(days=5), 0),
        place="Kaupungin varikko",
        organiser=str(coach),
    )
    services.activity_attendance_record(
        actor=coach, activity=visit, participants=[ParticipantInput(p.pk) for p in active[:3]]
    )

    # Work orders: one done, one in progress with a lent tool, one just received.
    units = {unit.name: unit for unit in WorkUnit.objects.all()}
    tasks = {task.name: task for task in WorkTask.objects.all()}
    orders = [
        ("Koulupalvelut", "Luokkien kalusteiden siirto", "Kalusteiden siirto", 20, "done"),
        (
            "Kiinteistöpalvelut",
            "Koulun pihan syyssiivous",
            "Piha-alueiden siistiminen",
            6,
            "in_progress",
        ),
        ("Ateriapalvelut", "Astiahuolto juhlaviikolla", "Astiahuolto", -3, "received"),
    ]
    for unit_name, description, task_name, days_ago, status in orders:
        received = today - timedelta(days=max(days_ago, 0) + 5)
        start = today - timedelta(days=days_ago)
        order = services.work_order_create(
            actor=admin,
            ordering_unit=units[unit_name],
            description=description,
            received_on=received,
            requested_start_on=start,
            requested_end_on=start + timedelta(days=2),
            tasks=[OrderedTask(tasks[task_name], notes="Yksikön työvälineet")],
            at=_demo_at(received, 0),
        )
        if status == "received":
            continue
        services.work_order_assign(actor=admin, order=order, coach=coach, periods=active[:2])
        services.work_order_transition(
            actor=admin, order=order, to_status="planned", at=_demo_at(received, 1)
        )
        tool = services.work_order_tool_lend(
            actor=admin,
            order=order,
            name="Lehtipuhallin" if status == "in_progress" else "Kuljetuskärry",
            lent_on=start,
        )
        services.work_order_transition(
            actor=admin, order=order, to_status="in_progress", at=_demo_at(start, 0)
        )
        if status == "done":
            services.work_order_tool_return(
                actor=admin, tool=tool, returned_on=start + timedelta(days=2)
            )
            services.work_order_transition(
                actor=admin, order=order, to_status="done", at=_demo_at(start, 2)
            )

    # Tasks that need equipment, part of it issued, and lockers for two trainees.
    level = DifficultyLevel.objects.order_by("level").first()
    for name in ("Piha-alueiden siistiminen", "Lumityöt"):
        services.task_assignment_create(actor=coach, period=coaching, task=tasks[name], level=level)
    for name, size in (("Työkäsineet", "L"), ("Huomioliivi", "XL")):
        services.equipment_issue(
            actor=coach,
            trainee=trainee,
            equipment_type=EquipmentType.objects.get(name=name),
            size=size,
            issued_on=coaching.start_on,
        )
    site = Site.objects.order_by("pk").first()
    lockers = [
        Locker.objects.get_or_create(number=str(number), site=site)[0] for number in range(1, 7)
    ]
    for locker, period in zip(lockers, active[:2], strict=False):
        services.locker_assign(
            actor=admin, locker=locker, trainee=period.trainee, key_issued_on=period.start_on
        )
