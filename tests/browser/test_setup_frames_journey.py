"""On a phone, a tenant admin follows the setup checklist to the statuses, service forms and
instrument screens: sets a stricter frame and is refused one beyond the statute, adds a target
group, authors a small instrument and publishes it. Each screen passes the phone checks."""

from __future__ import annotations

import secrets

import pytest

from .conftest import phone_checks, sign_in, user_ensure

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

ADMIN = "admin-frames@test-web.example.fi"


@pytest.fixture(scope="module")
def base(web_tenant, server_port, django_db_blocker):
    with django_db_blocker.unblock():
        user_ensure(web_tenant, ADMIN, "tenant_admin")
    return f"http://{web_tenant.host}:{server_port}"


def _status_section(page, name: str):
    return page.locator("section.status-setup", has=page.locator("h2", has_text=name)).first


def test_admin_sets_frames_groups_and_an_instrument(new_page, base):
    page = new_page()
    sign_in(page, base, ADMIN)
    page.goto(f"{base}/kayttoonotto/")
    page.click("a >> text=Osallistumisstatukset ja niiden lakisääteiset raamit")
    page.wait_for_url("**/asetukset/osallistumismuodot/")
    phone_checks(page)
    section = _status_section(page, "Uravalmennus")
    assert "Laki työvoimapalveluiden järjestämisestä 380/2023" in section.inner_text()

    # Beyond the statute (5 days a week): refused at the field, nothing saved.
    section.locator("summary >> text=Kunnan omat rajat").click()
    days = section.locator("input[name$='-max_days_per_week']")
    days.fill("6")
    section.locator("button >> text=Tallenna rajat").click()
    page.wait_for_load_state()
    section = _status_section(page, "Uravalmennus")
    error = section.locator(".field-error").first
    assert "Enintään 5: lakisääteinen kehys ei salli enempää." in error.inner_text()
    phone_checks(page)

    # Within it: saved, and shown as the municipality's own.
    section.locator("input[name$='-max_days_per_week']").fill("4")
    section.locator("button >> text=Tallenna rajat").click()
    page.wait_for_url("**/asetukset/osallistumismuodot/")
    assert "Kunnan oma kehys on tallennettu." in page.content()
    section = _status_section(page, "Uravalmennus")
    assert section.locator("input[name$='-max_days_per_week']").input_value() == "4"
    # Back to the statute, so that other journeys on this tenant see the national frame.
    section.locator("input[name$='-max_days_per_week']").fill("")
    section.locator("button >> text=Tallenna rajat").click()
    page.wait_for_url("**/asetukset/osallistumismuodot/")

    page.goto(f"{base}/kayttoonotto/")
    page.click("a >> text=Palvelumuodot ja kohderyhmät")
    page.wait_for_url("**/asetukset/palvelumuodot/")
    phone_checks(page)
    group = f"Nuoret aikuiset {secrets.token_hex(2)}"
    page.fill("#id_group-name", group)
    page.click("button >> text=Lisää kohderyhmä")
    page.wait_for_url("**/asetukset/palvelumuodot/")
    assert "Kohderyhmä on lisätty." in page.content()
    assert page.locator("details.choice-row summary", has_text=group).count() == 1
    phone_checks(page)

    page.goto(f"{base}/kayttoonotto/")
    page.click("a >> text=Toimintakyvyn mittarit")
    page.wait_for_url("**/asetukset/arviointimittarit/")
    phone_checks(page)
    code = f"tiimityo-{secrets.token_hex(2)}"
    page.fill("#id_new-name", "Tiimityötaidot")
    page.fill("#id_new-code", code)
    page.check("#id_new-rater_types_1")  # the coach
    page.fill("#id_new-scale_labels", "Ei vielä\nOsittain\nUsein\nLähes aina\nAina")
    page.click("button >> text=Tallenna luonnoksena")  # no items yet: refused
    page.wait_for_load_state()
    assert "Anna vähintään yksi arviointikohde, yksi riviä kohden." in page.content()
    phone_checks(page)
    page.fill("#id_new-items", "Pyytää apua tarvittaessa\nSopii työnjaosta")
    page.click("button >> text=Tallenna luonnoksena")
    page.wait_for_url("**/asetukset/arviointimittarit/")
    assert "Mittari on tallennettu luonnoksena" in page.content()
    card = page.locator("section.card", has=page.locator("h3", has_text="Tiimityötaidot")).last
    card.locator("button >> text=Julkaise versio 1").click()
    page.wait_for_url("**/asetukset/arviointimittarit/")
    assert "Mittarin versio on julkaistu." in page.content()
    phone_checks(page)
