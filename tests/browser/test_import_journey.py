"""The tenant admin on a phone imports trainees from a CSV: a bad row is shown with its row
and column and nothing is saved; the fixed file is previewed, confirmed and the trainees exist."""

from __future__ import annotations

import secrets

import pytest
from django.db import connection

from .conftest import phone_checks, sign_in, user_ensure

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def admin(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return user_ensure(web_tenant, "admin-import@test-web.example.fi", "tenant_admin")


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _trainees(web_tenant, django_db_blocker, last_name: str) -> int:
    from coaching.models import Trainee

    with django_db_blocker.unblock():
        connection.set_tenant(web_tenant)
        try:
            return Trainee.objects.filter(last_name=last_name).count()
        finally:
            connection.set_schema_to_public()


def _csv(rows: list[str]) -> dict:
    text = "\n".join(["Etunimi;Sukunimi;Syntymäaika", *rows]) + "\n"
    return {"name": "valmentautujat.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_a_bad_row_is_shown_then_the_fixed_file_is_imported(
    new_page, base, admin, web_tenant, django_db_blocker
):
    family = f"Tuonti{secrets.token_hex(3)}"
    page = new_page()
    sign_in(page, base, admin)
    page.goto(f"{base}/kayttoonotto/")
    page.click("a[href='/asetukset/tuonti/']")
    page.wait_for_url("**/asetukset/tuonti/")
    phone_checks(page)

    page.check("input[name=kind][value=trainees]")
    page.set_input_files("input[name=file]", _csv([f"Aino;{family};12.3.1990", "Bertta;;1.1.1991"]))
    page.click("main form.import-form button[type=submit]")
    errors = page.locator("table.import-errors tbody tr")
    assert errors.count() == 1
    assert errors.first.locator("td").nth(0).inner_text() == "3"
    assert errors.first.locator("td").nth(1).inner_text() == "Sukunimi"
    assert page.locator("input[name=token]").count() == 0
    phone_checks(page)
    assert _trainees(web_tenant, django_db_blocker, family) == 0

    page.check("input[name=kind][value=trainees]")
    page.set_input_files(
        "input[name=file]", _csv([f"Aino;{family};12.3.1990", f"Bertta;{family};1.1.1991"])
    )
    page.click("main form.import-form button[type=submit]")
    assert "2 valmentautujaa on valmiina tuotavaksi." in page.inner_text("main")
    phone_checks(page)
    assert _trainees(web_tenant, django_db_blocker, family) == 0

    page.click("main form[action='/asetukset/tuonti/vahvista/'] button[type=submit]")
    page.wait_for_url("**/asetukset/tuonti/valmis/")
    assert "2 valmentautujaa tuotiin." in page.inner_text("main")
    phone_checks(page)
    assert _trainees(web_tenant, django_db_blocker, family) == 2
