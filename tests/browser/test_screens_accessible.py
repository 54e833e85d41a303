"""Every screen, as each role that may open it, on a phone: axe-core finds no serious or
critical violation, nothing scrolls sideways, and controls are big enough to tap."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from .conftest import (
    assert_accessible,
    build_group,
    horizontal_overflow,
    sign_in,
    small_tap_targets,
    user_ensure,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

SCREENS = {
    "work_coach": [
        "/",
        "/tanaan/",
        "/tyopoyta/",
        "/tehtavat/",
        "/valmentautujat/",
        "/lahetteet/",
        "/toimintakyky/",
    ],
    "career_agent": [
        "/",
        "/tyopoyta/",
        "/tehtavat/",
        "/valmentautujat/",
        "/lahetteet/",
        "/toimintakyky/",
    ],
    "tenant_admin": [
        "/",
        "/tanaan/",
        "/tyopoyta/",
        "/tehtavat/",
        "/valmentautujat/",
        "/lahetteet/",
        "/asetukset/ulkoasu/",
        "/toimintakyky/",
        "/asetukset/rajapinta/",
    ],
}
# The setup checklist and its screens (test_onboarding_journey.py walks them).
SCREENS["tenant_admin"] += [
    "/kayttoonotto/",
    "/asetukset/toimipisteet/",
    "/asetukset/valmennus/",
    "/asetukset/kumppanit/",
]
# Importing staff and trainees from a spreadsheet (preview and result: test_import_journey.py).
SCREENS["tenant_admin"] += ["/asetukset/tuonti/"]
# The task catalogue's setup screens (a task's page and the actions: test_catalogue_journey.py).
SCREENS["tenant_admin"] += ["/asetukset/tehtavat/", "/asetukset/tehtavat/uusi/"]
SCREENS["tenant_admin"] += ["/asetukset/tehtavat/tasot/"]
# Work orders, equipment and lockers (their pages with ids: test_work_orders_journey.py).
for _paths in SCREENS.values():
    _paths += ["/tyotilaukset/", "/tyotilaukset/uusi/", "/varusteet/"]
# Benchmarking: the municipality against its area, and the admin's participation setting
# (the coordinators' public-host pages: test_benchmarking_journey.py).
SCREENS["work_coach"] += ["/vertailu/"]
SCREENS["tenant_admin"] += ["/vertailu/", "/asetukset/vertailu/"]
# Competence configuration (pages with ids: test_competence_config_journey.py).
for _paths in SCREENS.values():
    _paths += ["/oppimisymparistot/", "/oppimisymparistot/uusi/", "/tehtavien-osaaminen/"]
    _paths += ["/tutkinnot/"]


@pytest.fixture(scope="module")
def logins(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=4, label="screens")
        build_group(web_tenant, size=1, label="screens2")  # a second coach: the admin's table
        return {
            "work_coach": group.coach_email,
            "career_agent": user_ensure(web_tenant, "agent@test-web.example.fi", "career_agent"),
            "tenant_admin": user_ensure(web_tenant, "admin2@test-web.example.fi", "tenant_admin"),
        }


@pytest.fixture(scope="module")
def records(web_tenant, django_db_blocker, logins):
    """A waiting referral and a referred period of the screens coach with the agent on it:
    the referral page (with its accept and decline forms) and the period actions page."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from accounts.models import User
    from coaching import services
    from coaching.models import ParticipationStatus, PartnerContact, ServiceForm, Trainee

    with django_db_blocker.unblock():
        connection.set_tenant(web_tenant)
        try:
            admin = User.objects.get(email=logins["tenant_admin"])
            coach = User.objects.get(email=logins["work_coach"])
            agent = User.objects.get(email=logins["career_agent"])
            contact = PartnerContact.objects.filter(is_case_manager=True).first()
            if contact is None:
                organisation = services.partner_organisation_create(
                    actor=admin, name="Työllisyysalue Näytöt", kind="employment_area"
                )
                contact = services.partner_contact_create(
                    actor=admin,
                    organisation=organisation,
                    name="Kaisa Käsittelijä",
                    is_case_manager=True,
                )
            start = timezone.localdate()
            made = []
            for name in ("Odottava", "Hyväksytty"):
                made.append(
                    services.referral_create(
                        actor=admin,
                        trainee=Trainee.objects.create(
                            first_name="Saara", last_name=f"{name}-{timezone.now():%H%M%S%f}"
                        ),
                        case_manager=contact,
                        legal_basis="employment_plan",
                        legal_basis_date=start,
                        requested_status=ParticipationStatus.objects.get(code="work_trial"),
                        service_form=ServiceForm.objects.first(),
                        days_per_week=4,
                        hours_per_day=Decimal(6),
                        planned_start_on=start,
                        planned_end_on=start + timedelta(days=120),
                        goals="Arjen rytmi",
                        safety_restrictions="Ei nostoja",
                    )
                )
            period = services.coaching_period_create(
                actor=admin,
                trainee=made[1].trainee,
                referral=made[1],
                coach=coach,
                career_agent=agent,
                start_on=start,
                planned_end_on=start + timedelta(days=120),
                override_reason="selaintesti",
            ).period
            services.period_status_add(
                actor=admin,
                period=period,
                status=ParticipationStatus.objects.get(code="work_trial"),
                valid_from=start,
                valid_until=start + timedelta(days=90),
                days_per_week=4,
                hours_per_day=Decimal(6),
            )
            return [
                f"/lahetteet/{made[0].pk}/",
                f"/lahetteet/{made[1].pk}/",
                f"/jaksot/{period.pk}/toiminnot/",
                f"/valmentautujat/{period.trainee_id}/",
            ]
        finally:
            connection.set_schema_to_public()


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def test_the_sign_in_page(new_page, base):
    page = new_page()
    page.goto(f"{base}/accounts/login/")
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert_accessible(page)


@pytest.mark.parametrize("role", sorted(SCREENS))
def test_every_screen_of_the_role(new_page, base, logins, records, role):
    page = new_page()
    sign_in(page, base, logins[role])
    for path in [*SCREENS[role], *records]:  # every role here may open the records' pages
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert horizontal_overflow(page) <= 0, path
        assert small_tap_targets(page) == [], path
        assert_accessible(page)
        assert [m for m in page.console_errors if "Content Security Policy" in m] == [], path


@pytest.fixture(scope="module")
def goal_activity_screens(web_tenant, django_db_blocker, logins):
    """The goals and activity screens of the screens coach's group, per role: a goal with a
    review and a started activity the group takes part in (the agent is one period's)."""
    from django.utils import timezone

    from accounts.models import User
    from coaching.models import ActivityType, CoachingPeriod
    from coaching.services.activities import (
        ParticipantInput,
        activity_attendance_record,
        activity_create,
    )
    from coaching.services.goals import goal_create, goal_review_record

    with django_db_blocker.unblock():
        connection.set_tenant(web_tenant)
        try:
            coach = User.objects.get(email=logins["work_coach"])
            agent = User.objects.get(email=logins["career_agent"])
            periods = list(CoachingPeriod.objects.filter(coach=coach).order_by("pk"))
            CoachingPeriod.objects.filter(pk=periods[0].pk).update(career_agent=agent)
            goal = goal_create(actor=coach, period=periods[0], text="Arjen rytmi")
            goal_review_record(
                actor=coach, goal=goal, date=timezone.localdate(), note="Hyvä", status="open"
            )
            activity = activity_create(
                actor=coach,
                activity_type=ActivityType.objects.get(code="job_search_session"),
                title="Työnhakupaja",
                starts_at=timezone.now() - timezone.timedelta(hours=1),
            )
            activity_attendance_record(
                actor=coach,
                activity=activity,
                participants=[ParticipantInput(p.pk, "attended") for p in periods[:2]],
            )
        finally:
            connection.set_schema_to_public()
    pages = [
        f"/jaksot/{periods[0].pk}/tavoitteet/",
        f"/tavoitteet/{goal.pk}/arvio/",
        f"/tavoitteet/{goal.pk}/muokkaa/",
        "/ryhmatoiminnot/",
        "/ryhmatoiminnot/uusi/",
        f"/ryhmatoiminnot/{activity.pk}/",
        f"/ryhmatoiminnot/{activity.pk}/muokkaa/",
    ]
    return dict.fromkeys(("work_coach", "career_agent", "tenant_admin"), pages)


@pytest.mark.parametrize("role", ["career_agent", "tenant_admin", "work_coach"])
def test_the_goal_and_activity_screens_of_the_role(
    new_page, base, logins, goal_activity_screens, role
):
    page = new_page()
    sign_in(page, base, logins[role])
    for path in goal_activity_screens[role]:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert horizontal_overflow(page) <= 0, path
        assert small_tap_targets(page) == [], path
        assert_accessible(page)
        assert [m for m in page.console_errors if "Content Security Policy" in m] == [], path


# --- Capacity indicator: pages with ids, as every role that may open them ----------------------


@pytest.fixture(scope="module")
def capacity_logins(web_tenant, django_db_blocker):
    """A placed trainee with a user account and a baseline from the coach and the trainee;
    the coach, the placement supervisor, the trainee and the admin sign in."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from coaching import services
    from coaching.models import CoachingPeriod, WorkUnit
    from competence.capacity.models import Instrument, InstrumentVersion
    from competence.capacity.services import capacity_assessment_submit

    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=2, label="capacity-screens")
        supervisor_email = user_ensure(
            web_tenant, "supervisor-capacity@test-web.example.fi", "unit_supervisor"
        )
        trainee_email = user_ensure(web_tenant, "trainee-capacity@test-web.example.fi", "trainee")
        admin_email = user_ensure(web_tenant, "admin-capacity@test-web.example.fi", "tenant_admin")
        connection.set_tenant(web_tenant)
        try:
            admin = User.objects.get(email=admin_email)
            coach = User.objects.get(email=group.coach_email)
            period = CoachingPeriod.objects.get(pk=group.period_ids[0])
            trainee = period.trainee
            trainee.user = User.objects.get(email=trainee_email)
            trainee.save(update_fields=["user"])
            unit, _ = WorkUnit.objects.get_or_create(
                name="Kapasiteettiyksikkö",
                defaults={"supervisor": User.objects.get(email=supervisor_email)},
            )
            if period.placement_unit_id is None:
                services.coaching_period_placement_set(actor=admin, period=period, work_unit=unit)
            versions = {}
            for code in ("valmo-coach-observation", "valmo-self-assessment"):
                versions[code] = (
                    InstrumentVersion.objects.filter(
                        instrument__source=Instrument.Source.PLATFORM, instrument__code=code
                    )
                    .order_by("-number")
                    .first()
                )
            day = timezone.localdate() - timedelta(days=20)
            for code, rater_type in (
                ("valmo-coach-observation", "coach"),
                ("valmo-self-assessment", "self"),
            ):
                version = versions[code]
                capacity_assessment_submit(
                    actor=coach,
                    period=period,
                    version=version,
                    occasion="baseline",
                    rater_type=rater_type,
                    assessed_on=day,
                    answers=dict.fromkeys(version.items.values_list("code", flat=True), 3),
                )
            coach_instrument = versions["valmo-coach-observation"].instrument_id
            self_instrument = versions["valmo-self-assessment"].instrument_id
        finally:
            connection.set_schema_to_public()
    trajectory = f"/jaksot/{period.pk}/toimintakyky/"
    return {
        "work_coach": (
            group.coach_email,
            [trajectory, f"{trajectory}{coach_instrument}/baseline/coach/"],
        ),
        "tenant_admin": (
            admin_email,
            [trajectory, f"{trajectory}{coach_instrument}/interim/coach/"],
        ),
        "unit_supervisor": (
            supervisor_email,
            [
                "/toimintakyky/",
                trajectory,
                f"{trajectory}{coach_instrument}/interim/supervisor/",
                # The supervisor's own pages (test_supervisor_journey.py walks them too).
                "/yksikko/",
                f"/yksikko/{period.pk}/",
                f"/yksikko/{period.pk}/arvio/{coach_instrument}/final/",
                "/yksikko/tyotilaukset/",
                "/yksikko/tyotilaukset/uusi/",
            ],
        ),
        "trainee": (
            trainee_email,
            [
                "/toimintakyky/",
                trajectory,
                f"{trajectory}{self_instrument}/interim/self/",
                # The trainee's own pages (test_trainee_documents_journey.py walks them).
                "/oma/arviointi/",
                f"/oma/arviointi/{self_instrument}/baseline/",
                "/oma/osaaminen/",
                "/oma/asiakirjat/",
                "/oma/tietoni/",
            ],
        ),
    }


@pytest.mark.parametrize("role", ["work_coach", "tenant_admin", "unit_supervisor", "trainee"])
def test_the_capacity_screens_of_the_role(new_page, base, capacity_logins, role):
    email, paths = capacity_logins[role]
    page = new_page()
    sign_in(page, base, email)
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert horizontal_overflow(page) <= 0, path
        assert small_tap_targets(page) == [], path
        assert_accessible(page)
        assert [m for m in page.console_errors if "Content Security Policy" in m] == [], path


@pytest.fixture(scope="module")
def branded(web_tenant, logins, django_db_blocker):
    """The tenant's brand set (committed, for the server process) and reset afterwards."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from PIL import Image

    from accounts.models import User
    from coaching import services

    def brand(colour: str, logo: bool) -> int:
        with django_db_blocker.unblock():
            connection.set_tenant(web_tenant)
            try:
                admin = User.objects.get(email=logins["tenant_admin"])
                data = io.BytesIO()
                Image.new("RGB", (120, 60), (26, 94, 32)).save(data, "PNG")
                upload = SimpleUploadedFile("logo.png", data.getvalue()) if logo else None
                services.brand_update(
                    actor=admin, brand_colour=colour, logo=upload, remove_logo=not logo
                )
                return User.objects.get(email=logins["work_coach"]).pk
            finally:
                connection.set_schema_to_public()

    yield brand("#1a5e20", logo=True)
    brand("", logo=False)


def test_a_branded_header_and_the_admin_picking_a_coach(new_page, base, logins, branded):
    """The brand's colour and logo reach the header without inline styles; the admin logs a
    coach's group from Today."""
    coach_id = branded
    page = new_page()
    sign_in(page, base, logins["tenant_admin"])
    page.goto(f"{base}/tanaan/")
    page.select_option("select[name=coach]", str(coach_id))
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_selector("fieldset.trainee-day")
    assert f"coach={coach_id}" in page.url
    header = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert header == "rgb(26, 94, 32)"
    assert page.eval_on_selector(".brand__logo", "img => img.naturalWidth") == 120
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert_accessible(page)
    assert [m for m in page.console_errors if "Content Security Policy" in m] == []
    page.goto(f"{base}/asetukset/ulkoasu/")  # with the current logo and its remove box
    assert page.eval_on_selector(".brand-preview", "img => img.naturalWidth") == 120
    assert small_tap_targets(page) == []
    assert horizontal_overflow(page) <= 0
    assert_accessible(page)


@pytest.fixture(scope="module")
def competence_period(web_tenant, django_db_blocker, logins):
    """A period of the screens coach with recognised work logged, for the competence page."""
    from .competence_data import build_competence
    from .conftest import Group

    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=1, label="screens-competence")
        build_competence(web_tenant, group)
        return Group(coach_email=group.coach_email, period_ids=group.period_ids)


@pytest.mark.parametrize("role", ["work_coach", "tenant_admin"])
def test_the_competence_page_of_the_role(new_page, base, logins, competence_period, role):
    """The competence page (with its tick forms open) as each role that may open it."""
    email = competence_period.coach_email if role == "work_coach" else logins[role]
    page = new_page()
    sign_in(page, base, email)
    (period_id,) = competence_period.period_ids
    response = page.goto(f"{base}/jaksot/{period_id}/osaaminen/")
    assert response.status == 200
    for summary in page.locator("details > summary").all():
        summary.click()
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert_accessible(page)


@pytest.fixture(scope="module")
def report_period(web_tenant, django_db_blocker, logins):
    """A period with a finalised final summary delivered twice (one link revoked) and an
    interim draft, for the final summary, interim and delivery pages."""
    from types import SimpleNamespace

    from accounts.models import User
    from coaching.models import CoachingPeriod
    from competence.reports import services

    from .competence_data import build_competence

    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=1, label="screens-report")
        build_competence(web_tenant, group)
        connection.set_tenant(web_tenant)
        try:
            admin = User.objects.get(email=logins["tenant_admin"])
            period = CoachingPeriod.objects.get(pk=group.period_ids[0])
            report = services.final_summary_draft_get_or_create(actor=admin, period=period)
            services.report_texts_update(
                actor=admin,
                report=report,
                work_capacity="Jaksaa kuuden tunnin päivät.",
                recommendations="Palkkatukityö kiinteistöhuollossa.",
            )
            version = services.report_finalise(actor=admin, report=report)
            sent = [
                services.delivery_create(
                    actor=admin,
                    version=version,
                    recipient_name="Anna Asiakasvastaava",
                    recipient_email="anna@te.example",
                    link_base="http://example.invalid",
                )
                for _ in range(2)
            ]
            services.delivery_revoke(actor=admin, delivery=sent[1].delivery)
            services.interim_report_draft_get_or_create(
                actor=admin, period=period, covers_from=period.start_on
            )
            return SimpleNamespace(
                coach_email=group.coach_email,
                period_id=period.pk,
                open_token=sent[0].token,
                revoked_token=sent[1].token,
            )
        finally:
            connection.set_schema_to_public()


@pytest.mark.parametrize("role", ["work_coach", "tenant_admin"])
def test_the_report_pages_of_the_role(new_page, base, logins, report_period, role):
    """The final summary (draft editor, versions, deliveries) and the interim reports."""
    email = report_period.coach_email if role == "work_coach" else logins[role]
    page = new_page()
    sign_in(page, base, email)
    for path in ("loppukooste", "valiraportit"):
        response = page.goto(f"{base}/jaksot/{report_period.period_id}/{path}/")
        assert response.status == 200
        for summary in page.locator("details > summary").all():
            summary.click()
        assert horizontal_overflow(page) <= 0
        assert small_tap_targets(page) == []
        assert_accessible(page)


def test_the_delivery_pages(new_page, base, report_period):
    """The case manager's code page and the page of a revoked link, signed out."""
    page = new_page()
    for token, status in ((report_period.open_token, 200), (report_period.revoked_token, 410)):
        response = page.goto(f"{base}/toimitus/{token}/")
        assert response.status == status
        assert horizontal_overflow(page) <= 0
        assert small_tap_targets(page) == []
        assert_accessible(page)
