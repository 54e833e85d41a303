"""Every screen, as each role that may open it, on a phone: axe-core finds no serious or
critical violation, nothing scrolls sideways, and controls are big enough to tap."""

from __future__ import annotations

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
    "work_coach": ["/", "/tanaan/", "/tyopoyta/", "/tehtavat/", "/valmentautujat/", "/lahetteet/"],
    "career_agent": ["/", "/tyopoyta/", "/tehtavat/", "/valmentautujat/", "/lahetteet/"],
    "tenant_admin": [
        "/",
        "/tanaan/",
        "/tyopoyta/",
        "/tehtavat/",
        "/valmentautujat/",
        "/lahetteet/",
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
