"""A coach finds a trainee on a phone, opens the trainee's page and reads the timeline."""

from __future__ import annotations

import pytest

from .conftest import (
    assert_accessible,
    build_group,
    phone_checks,
    sign_in,
    user_ensure,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return build_group(web_tenant, size=3, label="trainees")


@pytest.fixture(scope="module")
def admin(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return user_ensure(web_tenant, "admin-trainees@test-web.example.fi", "tenant_admin")


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def test_a_coach_searches_opens_a_trainee_and_sees_the_timeline(new_page, base, group):
    page = new_page()
    sign_in(page, base, group.coach_email)
    page.click("nav.site-nav >> text=Valmentautujat")
    page.wait_for_url("**/valmentautujat/")
    phone_checks(page)

    name = group.trainee_names[1]
    page.fill("input[name=q]", name.split()[-1])
    page.click("button[type=submit] >> text=Hae")
    page.wait_for_url("**/valmentautujat/?*")
    cards = page.locator(".trainee-card")
    assert cards.count() == 1
    phone_checks(page)

    page.click(f"a.trainee-card__name >> text={name}")
    page.wait_for_url("**/valmentautujat/*/")
    assert page.locator("h1").inner_text() == name
    assert page.locator(".timeline__item--phase").count() == 4  # referred … coaching
    assert page.locator(".timeline__item--task").count() == 2
    assert "Ei näytetä: käsittelyloki" in page.content()  # a coach does not read the access log
    phone_checks(page)


def test_the_admin_sees_the_access_log_and_a_withheld_note(new_page, base, group, admin):
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, admin)
    page.goto(f"{base}/valmentautujat/")
    page.click(f"a.trainee-card__name >> text={group.trainee_names[0]}")
    page.wait_for_url("**/valmentautujat/*/")
    assert page.locator("#handled ~ .table-scroll table tbody tr").count() >= 1
    assert "Ei näytetä: terveys- ja turvallisuusrajoitteet" in page.content()
    assert_accessible(page)
