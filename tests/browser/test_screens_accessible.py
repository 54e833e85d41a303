"""Every screen, as each role that may open it, on a phone: axe-core finds no serious or
critical violation, nothing scrolls sideways, and controls are big enough to tap."""

from __future__ import annotations

from datetime import timedelta

import pytest

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
        "/toimintakyky/",
    ],
}


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
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def test_the_sign_in_page(new_page, base):
    page = new_page()
    page.goto(f"{base}/accounts/login/")
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert_accessible(page)


@pytest.mark.parametrize("role", sorted(SCREENS))
def test_every_screen_of_the_role(new_page, base, logins, role):
    page = new_page()
    sign_in(page, base, logins[role])
    for path in SCREENS[role]:
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
            ["/toimintakyky/", trajectory, f"{trajectory}{coach_instrument}/interim/supervisor/"],
        ),
        "trainee": (
            trainee_email,
            ["/toimintakyky/", trajectory, f"{trajectory}{self_instrument}/interim/self/"],
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
