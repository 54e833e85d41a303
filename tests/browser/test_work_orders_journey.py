"""A coach on a phone runs a work order from a unit through to done, lends and returns a tool,
and issues protective equipment to a trainee; every screen passes the phone checks."""

from __future__ import annotations

import pytest
from django.db import connection

from .conftest import (
    DESKTOP,
    build_group,
    nav_click,
    phone_checks,
    sign_in,
    user_ensure,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

UNIT = "Kiinteistöpalvelut (selaintesti)"


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=2, label="orders")
        connection.set_tenant(web_tenant)
        try:
            from coaching.models import Locker, WorkUnit

            WorkUnit.objects.get_or_create(name=UNIT, defaults={"contact_name": "Esa Esimies"})
            Locker.objects.get_or_create(number="J1", site=None)
        finally:
            connection.set_schema_to_public()
        return group


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _submit(page, selector: str) -> None:
    """Click a submit button and wait for the page it leads to (often the same URL)."""
    with page.expect_navigation():
        page.click(selector)


def _status(page) -> str:
    return page.locator("#order-facts .order-status").inner_text().strip()


def test_a_coach_runs_an_order_to_done_and_issues_equipment(new_page, base, group, web_tenant):
    page = new_page()
    sign_in(page, base, group.coach_email)
    nav_click(page, "Työtilaukset")
    page.wait_for_url("**/tyotilaukset/")
    phone_checks(page)

    # A new order from the unit, with its first task.
    page.click("text=Uusi työtilaus")
    page.wait_for_url("**/tyotilaukset/uusi/")
    phone_checks(page)
    page.select_option("select[name=ordering_unit]", label=UNIT)
    page.fill("textarea[name=description]", "Koulun pihan syyssiivous")
    today = page.input_value("input[name=received_on]")
    page.fill("input[name=requested_start_on]", today)
    page.select_option("select[name=task]", index=1)
    _submit(page, "main button[type=submit] >> text=Kirjaa tilaus")
    page.wait_for_url("**/tyotilaukset/*/")
    assert _status(page) == "Vastaanotettu"
    assert page.locator("#order-tasks-section .dash-list li").count() == 1
    phone_checks(page)

    # Planning needs a coach: the refusal shows at the coach field.
    _submit(page, "button >> text=Siirrä tilaan: Suunniteltu")
    assert page.locator("#id_assign-coach-error").is_visible()
    assert _status(page) == "Vastaanotettu"

    # A second task, the coach and one trainee of the group.
    page.select_option("select[name=task-task]", index=2)
    _submit(page, "button >> text=Lisää tehtävä tilaukseen")
    page.wait_for_url("**/tyotilaukset/*/#order-tasks")
    assert page.locator("#order-tasks-section .dash-list li").count() == 2
    page.select_option("select[name=assign-coach]", label="Veera Valmentaja")
    page.get_by_label(group.trainee_names[0]).check()
    _submit(page, "button >> text=Tallenna osoitus")
    page.wait_for_url("**/tyotilaukset/*/#order-people")
    assert group.trainee_names[0] in page.locator("#order-people ~ .dash-list").inner_text()

    for button, status in (
        ("Siirrä tilaan: Suunniteltu", "Suunniteltu"),
        ("Siirrä tilaan: Käynnissä", "Käynnissä"),
    ):
        _submit(page, f"button >> text={button}")
        assert _status(page) == status

    # The unit lends a leaf blower; it goes back before the work is done.
    page.fill("input[name=tool-name]", "Lehtipuhallin")
    _submit(page, "button >> text=Kirjaa työväline")
    page.wait_for_url("**/tyotilaukset/*/#order-tools")
    assert page.locator(".order-tools__item").count() == 1
    phone_checks(page)
    _submit(page, "button >> text=Palautus: Lehtipuhallin")
    page.wait_for_url("**/tyotilaukset/*/#order-tools")
    assert page.locator(".order-tools__item").count() == 0
    _submit(page, "button >> text=Siirrä tilaan: Valmis")
    assert _status(page) == "Valmis"
    assert page.locator(".order-actions").count() == 0
    phone_checks(page)

    # Gloves for the trainee, from the trainee's page.
    page.click(f"#order-people ~ .dash-list a >> text={group.trainee_names[0]}")
    page.wait_for_url("**/valmentautujat/*/")
    page.click("main a >> text=Varusteet ja kaapit")
    page.wait_for_url("**/valmentautujat/*/varusteet/")
    phone_checks(page)
    page.select_option("select[name=issue-equipment_type]", index=1)
    page.fill("input[name=issue-size]", "L")
    _submit(page, 'button >> text="Anna"')
    page.wait_for_url("**/valmentautujat/*/varusteet/")
    assert page.locator("#held ~ .order-tools .order-tools__item").count() == 1
    page.select_option("select[name=locker-locker]", label="J1")
    _submit(page, "button >> text=Anna avain")
    page.wait_for_url("**/valmentautujat/*/varusteet/")
    assert "Pukukaappi J1" in page.locator("#locker ~ .order-tools").inner_text()
    phone_checks(page)

    nav_click(page, "Varusteet ja kaapit")
    page.wait_for_url("**/varusteet/")
    assert group.trainee_names[0] in page.locator("#equipment-out ~ .order-tools").inner_text()
    phone_checks(page)


@pytest.mark.parametrize("viewport", [DESKTOP, None], ids=["desktop", "phone"])
def test_the_admin_reads_an_order_and_a_trainees_equipment(
    new_page, base, group, web_tenant, django_db_blocker, viewport
):
    """After the journey above: the tenant admin's view of the same pages."""
    with django_db_blocker.unblock():
        admin = user_ensure(web_tenant, "admin-orders@test-web.example.fi", "tenant_admin")
    page = new_page(viewport=viewport) if viewport else new_page()
    sign_in(page, base, admin)
    page.goto(f"{base}/tyotilaukset/?status=done")
    page.click("a.trainee-card__name >> nth=0")
    page.wait_for_url("**/tyotilaukset/*/")
    phone_checks(page)
    page.goto(f"{base}/varusteet/")
    page.click("#equipment-out ~ .order-tools a >> nth=0")
    page.wait_for_url("**/valmentautujat/*/varusteet/")
    phone_checks(page)
