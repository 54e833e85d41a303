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
        "/asetukset/ulkoasu/",
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
