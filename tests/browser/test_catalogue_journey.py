"""The tenant admin on a phone: a national sector's default tasks added from the setup
checklist, a task's level text adapted, and the task retired (issues #11, #14)."""

from __future__ import annotations

import pytest
from django.db import connection

from .conftest import phone_checks, sign_in, user_ensure

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

SECTOR = "recycling"
TASK = "Kierrätysmateriaalin lajittelu"


@pytest.fixture(scope="module")
def admin(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return user_ensure(web_tenant, "admin-catalogue@test-web.example.fi", "tenant_admin")


@pytest.fixture(scope="module")
def without_sector(web_tenant, django_db_blocker):
    """The journey's municipality has not adopted the recycling sector (nothing points at it)."""
    from coaching.models import TaskAssignment, TaskSector, WorkTask, WorkTaskLevel

    with django_db_blocker.unblock():
        connection.set_tenant(web_tenant)
        try:
            sector = TaskSector.objects.filter(code=SECTOR).first()
            if sector is not None:
                assert not TaskAssignment.objects.filter(task__sector=sector).exists()
                WorkTaskLevel.objects.filter(task__sector=sector).delete()
                for task in WorkTask.objects.filter(sector=sector):
                    task.required_equipment.clear()
                    task.delete()
                sector.delete()
        finally:
            connection.set_schema_to_public()


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def test_the_admin_adopts_a_sector_adapts_a_level_and_retires_a_task(
    new_page, base, admin, without_sector, web_tenant, django_db_blocker
):
    page = new_page()
    sign_in(page, base, admin)
    page.goto(f"{base}/kayttoonotto/")
    page.click("#step-tasks a")
    page.wait_for_url("**/asetukset/tehtavat/")
    phone_checks(page)

    page.check(f"input[name=sectors][value={SECTOR}]")
    page.click("button >> text=Lisää oletustehtävät")
    page.wait_for_url("**/asetukset/tehtavat/")
    assert "Valtakunnallisista oletuksista lisättiin 1 tehtävää." in page.content()
    phone_checks(page)

    page.click(f"a >> text={TASK}")
    page.wait_for_url("**/asetukset/tehtavat/*/")
    phone_checks(page)
    page.fill("textarea[name=level_1]", "")
    page.click("button >> text=Tallenna tehtävä")
    assert page.locator("#id_level_1-error").is_visible()
    phone_checks(page)
    page.fill("textarea[name=level_1]", "Lajittelu kuvakortin mukaan")
    page.click("button >> text=Tallenna tehtävä")
    page.wait_for_selector("text=Tehtävä on tallennettu.")
    assert page.input_value("textarea[name=level_1]") == "Lajittelu kuvakortin mukaan"

    page.click("button >> text=Poista tehtävä käytöstä")
    page.wait_for_selector("text=Tehtävä on poistettu käytöstä: sitä ei voi enää antaa")
    phone_checks(page)
    page.click("a >> text=Takaisin tehtäväkatalogiin")
    assert page.locator("li", has_text=TASK).locator(".hds-status-label").inner_text() == (
        "Poistettu käytöstä"
    )

    from coaching.models import WorkTask

    with django_db_blocker.unblock():
        connection.set_tenant(web_tenant)
        try:
            task = WorkTask.objects.get(sector__code=SECTOR, name=TASK)
            assert task.retired_at is not None
            assert task.levels.get(level__level=1).description == "Lajittelu kuvakortin mukaan"
        finally:
            connection.set_schema_to_public()
