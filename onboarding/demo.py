"""Demo data for the embedded run: two municipalities of one employment area."""

from __future__ import annotations

import functools
import io
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from PIL import Image, ImageDraw

from accounts.api_keys.services import api_key_create
from accounts.models import ApiKey, User
from accounts.services import email_address_confirm
from benchmarking.disclosure import MIN_K
from benchmarking.models import Run, RunMunicipality
from benchmarking.selectors import participation_get
from benchmarking.services import (
    coordinator_regions_set,
    municipality_publish,
    participation_set,
    region_k_set,
    run_start,
)
from coaching import services
from coaching.models import (
    ActivityType,
    CoachingPeriod,
    DailyEntry,
    DailyEntryTask,
    DifficultyLevel,
    EquipmentType,
    Goal,
    Locker,
    ParticipationStatus,
    PartnerOrganisation,
    PeriodStatus,
    PeriodTransition,
    Phase,
    PlacementFeedback,
    ServiceForm,
    Site,
    Trainee,
    WorkTask,
    WorkUnit,
)
from coaching.models.periods import ACTIVE_PHASES
from coaching.selectors import coaching_settings_get
from coaching.services import DailyEntryInput, OrderedTask, ParticipantInput, TaskDone
from competence import services as competence_services
from competence.capacity.demo import capacity_demo_ensure
from competence.demo import DEMO_MAPPING, DEMO_TICKS, competence_demo_ensure
from competence.models import CompetenceCertificate, CompetenceRecord, LearningEnvironment
from competence.reports import services as report_services
from competence.reports.demo import TEXTS as REPORT_TEXTS
from competence.reports.demo import reports_demo_ensure
from competence.reports.models import ReportKind, ReportVersion
from competence.selectors import learning_environment_requirement_list
from tenants.models import Domain, Municipality, Region
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
HASSAN = LAST_NAMES[-1]
ARABIC_NAMES = {"Amina", "Omar"}


# The demo's sign-ins besides each municipality's admin: (local part, role, first, last name).
DEMO_PEOPLE = [
    ("valmentaja", "work_coach", "Veera", "Valmentaja"),
    ("valmentaja2", "work_coach", "Ville", "Valmentaja"),
    ("uraagentti", "career_agent", "Ulla", "Ura-agentti"),
    ("esihenkilo", "unit_supervisor", "Esa", "Esihenkilö"),
    ("valmentautuja", "trainee", "Demo", "Valmentautuja"),
]


def demo_data_ensure(*, base_domain: str = "localhost") -> dict:
    """Create the demo once; running it again only reports what exists (in a few queries)."""
    report = _demo_report(base_domain)
    if _demo_complete(base_domain, report["operator_email"]):
        return report
    report["created"] = True
    public_tenant_ensure(domain=base_domain)
    region = Region.objects.filter(slug=DEMO_REGION[1]).first() or region_create(
        name=DEMO_REGION[0], slug=DEMO_REGION[1]
    )
    operator_email = report["operator_email"]
    if not User.objects.filter(email=operator_email).exists():
        operator = User.objects.create_superuser(
            email=operator_email, password=None, first_name="Olli", last_name="Operaattori"
        )
        _demo_password_set(operator)
    _demo_emails_confirm()
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
            _demo_tenant_fill(municipality, domain)
    _demo_benchmarking_ensure(region=region, coordinator_email=report["coordinator_email"])
    return report


def _demo_api_key_fill(*, admin) -> None:
    """One API key for the integrations page (its token is never shown: a demo row only)."""
    if ApiKey.objects.exists():
        return
    api_key_create(
        actor=admin,
        name="Asiakastietojärjestelmä",
        role=User.Role.TENANT_ADMIN,
        expires_at=timezone.now() + timedelta(days=365),
        allowed_networks="192.0.2.0/24",
        rate_limit_per_minute=60,
    )


DEMO_GENDERS = ["female", "male", "female", "male", "not_stated", ""]


def _demo_benchmarking_ensure(*, region: Region, coordinator_email: str) -> None:
    """Both municipalities take part, a regional coordinator of their area, and one published
    run (computed here, synchronously), so the comparison screens show figures."""
    operator = User.objects.filter(role=User.Role.PLATFORM_OPERATOR).earliest("pk")
    for spec in DEMO_MUNICIPALITIES:
        municipality = Municipality.objects.get(slug=spec["slug"])
        with tenant_context(municipality):
            if not participation_get(municipality_id=municipality.pk):
                admin = User.objects.get(
                    email=f"admin@{spec['slug']}.{_base_of(coordinator_email)}"
                )
                participation_set(actor=admin, participates=True)
    coordinator = User.objects.filter(email=coordinator_email).first()
    if coordinator is None:
        coordinator = User.objects.create_user(
            email=coordinator_email,
            password=None,
            role=User.Role.REGIONAL_COORDINATOR,
            first_name="Kaisu",
            last_name="Koordinaattori",
        )
        _demo_password_set(coordinator)
        email_address_confirm(user=coordinator)
    coordinator_regions_set(actor=operator, user=coordinator, regions=[region])
    # The smallest group the law allows, so the demo's dozen trainees show some figures.
    region_k_set(actor=operator, region=region, k=MIN_K)
    if not Run.objects.filter(finished_at__isnull=False).exists():
        run = run_start(actor=None)
        for row_id in RunMunicipality.objects.filter(run=run).values_list("pk", flat=True):
            municipality_publish(actor=None, run_municipality_id=row_id)


def _base_of(email: str) -> str:
    return email.split("@", 1)[1]


def _demo_report(base_domain: str) -> dict:
    """What the demo offers: hosts and sign-ins (role values; labels are the caller's concern)."""
    municipalities = []
    for spec in DEMO_MUNICIPALITIES:
        domain = f"{spec['slug']}.{base_domain}"
        staff = [(f"admin@{domain}", "tenant_admin")] + [
            (f"{local}@{domain}", role) for local, role, _, _ in DEMO_PEOPLE
        ]
        municipalities.append({"name": spec["name"], "domain": domain, "staff": staff})
    return {
        "created": False,
        "password": DEMO_PASSWORD,
        "operator_email": f"operaattori@{base_domain}",
        "coordinator_email": f"koordinaattori@{base_domain}",
        "municipalities": municipalities,
    }


def _demo_complete(base_domain: str, operator_email: str) -> bool:
    """Whether every demo municipality exists and got its last demo parts (a few queries)."""
    hosts = [base_domain] + [f"{spec['slug']}.{base_domain}" for spec in DEMO_MUNICIPALITIES]
    found = list(Domain.objects.filter(domain__in=hosts).select_related("tenant"))
    if len(found) != len(hosts) or not User.objects.filter(email=operator_email).exists():
        return False
    if not User.objects.filter(email=f"koordinaattori@{base_domain}").exists():
        return False
    for row in found:
        if row.domain == base_domain:
            continue
        with schema_context(row.tenant.schema_name):
            if not (
                DailyEntry.objects.filter(period__phase=Phase.COACHING).exists()
                and CompetenceCertificate.objects.exists()
            ):
                return False
    return True


@functools.cache
def _demo_password_hash() -> str:
    """One hash of the demo password for every demo account: the password hasher is slow on
    purpose (about 0.25 s a hash), there are a dozen accounts, and the password is published."""
    return make_password(DEMO_PASSWORD)


def _demo_password_set(user: User) -> None:
    user.password = _demo_password_hash()
    user.save(update_fields=["password"])


@transaction.atomic
def _demo_tenant_fill(municipality: Municipality, domain: str) -> None:
    admin = User.objects.get(email=f"admin@{domain}")
    if not admin.has_usable_password():
        admin.first_name, admin.last_name = "Pääkäyttäjä", municipality.name
        admin.password = _demo_password_hash()
        admin.save()
    for local, role, first, last in DEMO_PEOPLE:
        email = f"{local}@{domain}"
        if not User.objects.filter(email=email).exists():
            user = User.objects.create_user(
                email=email, password=None, role=role, first_name=first, last_name=last
            )
            _demo_password_set(user)
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
        # No two trainees share a name; the last ones wait in the referral queue, periodless.
        first_names = rng.sample(FIRST_NAMES, len(DEMO_PHASES) + DEMO_WAITING_REFERRALS)
        for i, first_name in enumerate(first_names):
            services.trainee_create(
                actor=admin,
                first_name=first_name,
                last_name=HASSAN if first_name in ARABIC_NAMES else rng.choice(LAST_NAMES[:-1]),
                date_of_birth=date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                languages="arabia, suomi" if first_name in ARABIC_NAMES else "suomi",
                has_hygiene_passport=i % 3 == 0,
                gender=DEMO_GENDERS[i % len(DEMO_GENDERS)],
            )
    _demo_periods_fill(admin=admin, supervisor=supervisor, domain=domain)
    _demo_coaching_extras_fill(admin=admin, domain=domain)
    _demo_daily_log_fill(seed=municipality.slug)
    _demo_brand_fill(admin=admin, seed=municipality.slug)
    _demo_api_key_fill(admin=admin)
    competence_demo_ensure(admin=admin)
    capacity_demo_ensure()
    _demo_supervisor_fill(supervisor=supervisor)
    reports_demo_ensure(admin=admin)
    _demo_trainee_documents_fill(admin=admin, domain=domain)


def _demo_trainee_documents_fill(*, admin, domain: str) -> None:
    """What the demo trainee's own pages (/oma/) show: two ticks waiting for their "I agree", a
    certificate and a finalised interim report of their period (the self-assessment open at
    the interim occasion comes from ``capacity_demo_ensure``). Once; skipped without the
    competence demo's recognised unit."""
    trainee = Trainee.objects.filter(user__email=f"valmentautuja@{domain}").first()
    environment = LearningEnvironment.objects.order_by("pk").first()
    if trainee is None or environment is None:
        return
    period = CoachingPeriod.objects.filter(trainee=trainee).order_by("-start_on").first()
    if period is None or CompetenceRecord.objects.filter(period=period).exists():
        return
    coach = period.coach or admin
    entries = list(
        DailyEntry.objects.filter(
            period=period, attendance="present", tasks_done__task__name__in=list(DEMO_MAPPING)
        )
        .distinct()
        .order_by("date")
    )[-3:]
    codes = DEMO_TICKS[:2]
    requirements = list(
        learning_environment_requirement_list(environment=environment).filter(code__in=codes)
    )
    if not entries or not requirements:
        return
    for requirement in requirements:
        competence_services.competence_record_tick(
            actor=coach,
            period=period,
            requirement=requirement,
            evidence=entries,
            environment=environment,
            additional_information="Teki työn huolellisesti ja kysyi neuvoa tarvittaessa.",
        )
    competence_services.competence_certificate_issue(
        actor=coach,
        period=period,
        signers=[
            competence_services.Signer(
                name=coach.get_full_name() or coach.email, title="Työvalmentaja"
            )
        ],
        language="fi",
        issued_on=entries[-1].date,
    )
    report = report_services.interim_report_draft_get_or_create(
        actor=coach, period=period, covers_from=period.start_on
    )
    if not ReportVersion.objects.filter(report=report).exists():
        assert report.kind == ReportKind.INTERIM
        report_services.report_texts_update(
            actor=coach,
            report=report,
            work_capacity=REPORT_TEXTS["work_capacity"],
            trainee_view="Haluan jatkaa kiinteistöhuollon töissä.",
            recommendations="Jatketaan valmennusta suunnitellusti.",
        )
        report_services.report_finalise(actor=coach, report=report)


def _demo_supervisor_fill(*, supervisor) -> None:
    """The placed trainees' tasks, this week's feedback on the first trainee placed with the
    supervisor (the second is left for the demo) and an order from the supervisor's unit,
    once, through the services.

    The capacity demo leaves the supervisor's interim rating open on each placed trainee.
    """
    placed = list(
        CoachingPeriod.objects.filter(
            placement_supervisor=supervisor, phase__in=ACTIVE_PHASES
        ).order_by("pk")
    )
    for period in placed:
        # The tasks the placed trainee does (from their daily log, at the newest level), so
        # the supervisor sees what each one works on.
        if period.task_assignments.exists():
            continue
        newest: dict[int, int] = {}
        for task_id, level_id in (
            DailyEntryTask.objects.filter(entry__period=period)
            .order_by("-entry__date", "-pk")
            .values_list("task_id", "level_id")
        ):
            newest.setdefault(task_id, level_id)
        for task_id, level_id in list(newest.items())[:3]:
            services.task_assignment_create(
                actor=period.coach,
                period=period,
                task=WorkTask.objects.get(pk=task_id),
                level=DifficultyLevel.objects.get(pk=level_id),
            )
    if PlacementFeedback.objects.exists():
        return
    today = timezone.localdate()
    if placed:
        services.placement_feedback_record(
            actor=supervisor,
            period=placed[0],
            week=today,
            attendance=4,
            work_quality=3,
            safety=3,
            cooperation=4,
            comment="Tulee ajoissa ja kysyy, kun ei tiedä. Suojaimet välillä unohtuvat.",
        )
    unit = WorkUnit.objects.filter(supervisor=supervisor, is_active=True).order_by("name").first()
    if unit is not None:
        task = WorkTask.objects.filter(retired_at__isnull=True, name__icontains="siivo").first()
        services.work_order_request(
            actor=supervisor,
            ordering_unit=unit,
            description="Juhlasalin tuolien ja pöytien siirto ja siivous joulujuhlan jälkeen.",
            requested_start_on=today + timedelta(days=6),
            contact_phone="040 123 4567",
            tasks=[OrderedTask(task)] if task is not None else [],
        )


DEMO_BRAND_COLOURS = ["#1a5e20", "#6a1b4d", "#00507a", "#7a3b00"]  # all pass 4.5:1 on white


def _demo_brand_fill(*, admin, seed: str) -> None:
    """A colour and a plain logo (a ring on a transparent square) once, through the service."""
    if coaching_settings_get().brand_colour:
        return
    colour = DEMO_BRAND_COLOURS[sum(seed.encode()) % len(DEMO_BRAND_COLOURS)]
    image = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((8, 8, 88, 88), outline=(255, 255, 255, 255), width=12)
    data = io.BytesIO()
    image.save(data, "PNG")
    services.brand_update(
        actor=admin, brand_colour=colour, logo=ContentFile(data.getvalue(), name="logo.png")
    )


def _demo_emails_confirm() -> None:
    """Demo accounts sign in without the e-mail confirmation step real accounts go through."""
    for user in User.objects.all():
        if user.has_usable_password():
            email_address_confirm(user=user)


# One demo period per trainee: (phase to reach, interrupted from, days since start, participation
# status, days per week, hours per day). Every phase occurs; the past periods lie within the last
# four months, so the daily log has fewer group days to record. The schedules stay inside each
# status's legal frame (coaching/defaults.py): a work trial 1-5 days a week, rehabilitative work
# activity 1-4 days and at most 32 hours a week, both 4-8 hours a day.
DEMO_PHASES = [
    ("referred", None, 2, "work_trial", 4, 6),
    ("intake_assessment", None, 21, "rehabilitative_work", 3, 4),
    ("pre_coaching", None, 45, "work_trial", 5, 6),
    ("coaching", None, 60, "work_trial", 4, 6),
    ("continued_coaching", None, 120, "rehabilitative_work", 4, 6),
    ("ended", None, 100, "work_trial", 4, 6),
    ("follow_up", None, 110, "rehabilitative_work", 3, 5),
    ("closed", None, 120, "work_trial", 5, 7),
    ("interrupted", "coaching", 80, "rehabilitative_work", 2, 4),
    ("coaching", None, 75, "rehabilitative_work", 4, 8),
    ("coaching", None, 95, "rehabilitative_work", 1, 4),
    ("continued_coaching", None, 120, "work_trial", 3, 6),
]
# Trainees whose referral waits for the intake decision (Referrals screen), after those above.
DEMO_WAITING_REFERRALS = 2
SERVICE_FORM_OF_STATUS = {
    "work_trial": "service_work_education",
    "rehabilitative_work": "service_assessment",
}
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
    statuses = {row.code: row for row in ParticipationStatus.objects.all()}
    service_forms = {row.code: row for row in ServiceForm.objects.all()}
    today = timezone.localdate()
    trainees = list(Trainee.objects.order_by("pk"))
    for offset, trainee in enumerate(trainees[len(DEMO_PHASES) :]):
        start = today + timedelta(days=7 + offset * 7)
        services.referral_create(
            actor=admin,
            trainee=trainee,
            case_manager=case_manager,
            legal_basis="employment_plan",
            legal_basis_date=today - timedelta(days=3 + offset),
            requested_status=statuses["work_trial"],
            service_form=service_forms[SERVICE_FORM_OF_STATUS["work_trial"]],
            days_per_week=4,
            hours_per_day=Decimal(6),
            planned_start_on=start,
            planned_end_on=start + timedelta(days=120),
            goals="Työkokeilu kiinteistönhoidossa; päivärytmin ja työkyvyn selvittäminen.",
        )
    for index, (plan, trainee) in enumerate(zip(DEMO_PHASES, trainees, strict=False)):
        phase, interrupted_from, days, status_code, days_per_week, hours_per_day = plan
        status = statuses[status_code]
        start = today - timedelta(days=days)
        planned_end = start + timedelta(days=150)
        referral = services.referral_create(
            actor=admin,
            trainee=trainee,
            case_manager=case_manager,
            legal_basis="employment_plan",
            legal_basis_date=start - timedelta(days=14),
            requested_status=status,
            service_form=service_forms[SERVICE_FORM_OF_STATUS[status_code]],
            days_per_week=days_per_week,
            hours_per_day=Decimal(hours_per_day),
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
            status=status,
            valid_from=start,
            valid_until=planned_end,
            days_per_week=days_per_week,
            hours_per_day=Decimal(hours_per_day),
        )
        target = interrupted_from or phase
        path = DEMO_END_PATH if target in DEMO_END_PATH[3:] else DEMO_PATH
        steps = path[: path.index(target) + 1] if target in path else []
        if interrupted_from:
            steps.append("interrupted")
        for step_number, step in enumerate(steps, start=1):
            when = _demo_at(start, step_number * min(days // (len(steps) + 1), 20))
            if step == "continued_coaching":
                assert unit is not None  # the demo's configuration has work units
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
        period.refresh_from_db()
        if period.phase in ("ended", "follow_up"):  # the period actions page lists them
            assert period.ended_on is not None
            services.follow_up_contact_record(
                actor=admin,
                period=period,
                date=min(period.ended_on + timedelta(days=14), today),
                kind="phone",
                note="Soitto: työpaikka jatkuu, ei tarvetta lisätuelle.",
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

    # Work orders in every open status and one done; tools lent to the started ones.
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
        ("Kiinteistöpalvelut", "Lumityöt koulujen pihoilla", "Lumityöt", -7, "planned"),
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
        if status == "planned":
            continue
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
    assert level is not None  # seeded with the default configuration
    for name in ("Piha-alueiden siistiminen", "Lumityöt"):
        services.task_assignment_create(actor=coach, period=coaching, task=tasks[name], level=level)
    issued = [
        services.equipment_issue(
            actor=coach,
            trainee=trainee,
            equipment_type=EquipmentType.objects.get(name=name),
            size=size,
            issued_on=coaching.start_on,
        )
        for name, size in (("Työkäsineet", "L"), ("Huomioliivi", "XL"), ("Työkäsineet", "M"))
    ]
    # The first gloves were too small and went back: the trainee's page shows a returned item.
    services.equipment_return(
        actor=coach, issue=issued[-1], returned_on=min(coaching.start_on + timedelta(days=1), today)
    )
    site = Site.objects.order_by("pk").first()
    lockers = [
        Locker.objects.get_or_create(number=str(number), site=site)[0] for number in range(1, 7)
    ]
    for locker, period in zip(lockers, active[:2], strict=False):
        services.locker_assign(
            actor=admin, locker=locker, trainee=period.trainee, key_issued_on=period.start_on
        )


# Each trainee works in one line of tasks (demo catalogue names) with notes a coach would write.
# The demo trainee (period in coaching) and the ended period work in property care, which the
# competence demo recognises as a learning environment.
WORK_LINES = {
    "property_care": (
        ("Piha-alueiden siistiminen", "Lumityöt"),
        (
            "Käytti lehtipuhallinta turvallisesti ja muisti kuulosuojaimet.",
            "Haravoi koulun pihan itsenäisesti työlistan mukaan.",
            "Lapioi kulkuväylät ennen koulun alkua, hiekoitus vielä ohjatusti.",
            "Lajitteli piha-alueen roskat oikein.",
            "Suunnitteli työjärjestyksen yhdessä valmentajan kanssa.",
        ),
    ),
    "cleaning": (
        ("Ylläpitosiivous", "Perussiivous"),
        (
            "Siivosi kaksi luokkaa palvelukuvauksen mukaan.",
            "Opetteli lattianpesukoneen käytön.",
            "Annosteli pesuaineet oikein ohjeesta katsomalla.",
            "Työskenteli rauhallisesti ja huolellisesti koko päivän.",
        ),
    ),
    "food_services": (
        ("Astiahuolto", "Salaattien ja kylmäruokien valmistus"),
        (
            "Hoiti astianpesukoneen vuoron itsenäisesti.",
            "Valmisti salaatin reseptin mukaan ja muisti omavalvontakirjaukset.",
            "Noudatti hygieniaohjeita, hiussuoja ja käsineet paikallaan.",
            "Auttoi linjaston täytössä ruuhka-aikana.",
        ),
    ),
    "recycling": (
        ("Kierrätysmateriaalin lajittelu", "Työvälineiden huolto"),
        (
            "Lajitteli lahjoitetut tekstiilit myyntikuntoisiin ja poistoon.",
            "Hinnoitteli astiat myymälään ohjeen mukaan.",
            "Puhdisti ja teroitti puutarhasakset.",
            "Kysyi rohkeasti neuvoa, kun ei ollut varma.",
        ),
    ),
    "moving": (
        ("Kalusteiden siirto", "Postitus ja arkistointi"),
        (
            "Kantoi kevyet kalusteet ja käytti nostoapuvälineitä oikein.",
            "Purki ja kokosi hyllyt työparin kanssa.",
            "Lajitteli sisäisen postin ja arkistoi mapit.",
            "Piti tauot ja jaksoi koko päivän.",
        ),
    ),
}
LINE_OF_PHASE = {"coaching": "property_care", "ended": "property_care"}
CAPACITY_NOTES = (
    "Jaksoi hyvin koko päivän.",
    "Väsyi iltapäivällä, lyhyt lisätauko auttoi.",
    "Tuli ajoissa ja valmistautui päivään hyvin.",
    "Keskittyminen herpaantui välillä, muistilista auttoi.",
    "Toimi hyvin ryhmässä ja auttoi muita.",
)
ABSENCE_NOTES = {
    "absent_sick": "Ilmoitti aamulla sairastumisesta.",
    "absent_agreed": "Sovittu vapaa: asiointi TE-palveluissa.",
    "absent_unexplained": "Ei ilmoittanut poissaolosta, tavoitettiin puhelimella iltapäivällä.",
}
# Working weekdays (Monday 0) for each number of agreed days per week.
WEEKDAYS_FOR = {1: (2,), 2: (1, 3), 3: (0, 1, 3), 4: (0, 1, 2, 3), 5: (0, 1, 2, 3, 4)}


def _demo_daily_log_fill(*, seed: str) -> None:
    """Record every period's past working days through the group daily log, once.

    Each trainee comes on the weekdays agreed in the participation status in force, for the
    agreed hours (now and then an hour less, never below the frame's minimum), so no week
    exceeds the status's legal frame in days, hours a day or hours a week. Days run until
    yesterday: today's log is left for the coach to record in the demo.
    """
    if DailyEntry.objects.filter(period__phase=Phase.COACHING).exists():
        return
    yesterday = timezone.localdate() - timedelta(days=1)
    tasks = {task.name: task for task in WorkTask.objects.all()}
    levels = list(DifficultyLevel.objects.order_by("level"))
    periods = (
        CoachingPeriod.objects.select_related("coach")
        .prefetch_related(
            Prefetch("transitions", queryset=PeriodTransition.objects.order_by("at", "pk")),
            Prefetch(
                "statuses",
                queryset=PeriodStatus.objects.select_related("status").order_by("valid_from"),
            ),
        )
        .order_by("pk")
    )
    days: dict[tuple, list] = defaultdict(list)
    lines = list(WORK_LINES)
    frames = {}
    for index, period in enumerate(periods):
        rng = random.Random(f"{seed}-daily-{index}")  # noqa: S311 - demo data
        line = LINE_OF_PHASE.get(period.phase) or lines[index % len(lines)]
        task_names, notes = WORK_LINES[line]
        first_day = None
        day = period.start_on
        while day <= yesterday:
            row = next(
                (
                    r
                    for r in period.statuses.all()
                    if r.valid_from <= day and (r.valid_until is None or day <= r.valid_until)
                ),
                None,
            )
            if (
                row is None
                or day.weekday() not in WEEKDAYS_FOR[row.days_per_week]
                or not services.period_in_phases_on(period, day, ACTIVE_PHASES)
            ):
                day += timedelta(days=1)
                continue
            first_day = first_day or day
            roll = rng.random()
            attendance = (
                "absent_sick"
                if roll < 0.06
                else "absent_agreed"
                if roll < 0.08
                else "absent_unexplained"
                if roll < 0.09
                else "present"
            )
            if attendance != "present":
                entry = DailyEntryInput(
                    trainee_id=period.trainee_id,
                    attendance=attendance,
                    capacity_observations=ABSENCE_NOTES[attendance],
                )
            else:
                if row.pk not in frames:
                    frames[row.pk] = services.legal_frame_for(status=row.status, on=row.valid_from)
                frame = frames[row.pk]
                assert frame is not None  # every demo status has a legal frame
                hours = Decimal(row.hours_per_day)
                if rng.random() < 0.1 and hours - 1 >= frame.min_hours_per_day:
                    hours -= 1
                # Harder tasks as the weeks go by: level 1, then 2 from week 3, 3 from week 9.
                week = (day - first_day).days // 7
                level = levels[min(len(levels) - 1, (week >= 2) + (week >= 8))]
                done = task_names if rng.random() < 0.4 else (rng.choice(task_names),)
                entry = DailyEntryInput(
                    trainee_id=period.trainee_id,
                    attendance=attendance,
                    hours=hours,
                    tasks=[TaskDone(tasks[name].pk, level.pk) for name in done],
                    learning_notes=rng.choice(notes) if rng.random() < 0.5 else "",
                    capacity_observations=(
                        rng.choice(CAPACITY_NOTES) if rng.random() < 0.25 else ""
                    ),
                )
            days[(period.coach, day)].append(entry)
            day += timedelta(days=1)
    for (coach, day), entries in sorted(days.items(), key=lambda item: (item[0][1], item[0][0].pk)):
        services.daily_log_record(actor=coach, date=day, coach=coach, entries=entries)
