"""On a phone, an admin recognises a learning environment, maps a task to requirements and
browses the qualification; then builds and downloads a trainee's data-subject export PDF."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest

from .competence_data import UNIT_NAME, build_competence
from .conftest import build_group, nav_click, phone_checks, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=1, label="compconfig")
        build_competence(web_tenant, group)
        return group


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def test_recognise_map_and_browse(new_page, base, group):
    from django.utils import timezone

    page = new_page()
    sign_in(page, base, "admin-compconfig@test-web.example.fi")
    nav_click(page, "Oppimisympäristöt")
    page.wait_for_url("**/oppimisymparistot/")
    phone_checks(page)

    page.click("text=Tunnista oppimisympäristö")
    page.wait_for_url("**/oppimisymparistot/uusi/")
    phone_checks(page)
    page.click("button >> text=Valitse vaatimukset")
    page.wait_for_url("**/oppimisymparistot/uusi/?tutkinto=*")
    place = page.locator("#id_site option", has_text=UNIT_NAME).first.get_attribute("value")
    page.select_option("#id_site", place)
    page.fill("#id_recogniser_name", "Riitta Tunnistaja")
    page.fill("#id_recogniser_organisation", "Riveria")
    day = timezone.localdate() - timedelta(days=3)
    page.fill("#id_recognised_on", day.isoformat())
    page.fill("#id_report_url", "https://example.org/paikko/7")
    page.locator("input[name=units]").first.check()
    phone_checks(page)
    page.click("button >> text=Tallenna tunnistaminen")
    page.wait_for_url("**/oppimisymparistot/*/")
    assert "Oppimisympäristö on tunnistettu." in page.content()
    assert "Riveria" in page.content()
    phone_checks(page)

    page.click("text=Takaisin oppimisympäristöihin")
    page.click("a >> text=Tehtävät ja vaatimukset")
    page.wait_for_url("**/tehtavien-osaaminen/")
    phone_checks(page)
    page.locator(".requirement a").first.click()
    page.wait_for_url("**/tehtavien-osaaminen/*/")
    page.click("button >> text=Valitse vaatimukset")
    page.wait_for_url("**/tehtavien-osaaminen/*/?tutkinto=*")
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
    boxes = page.locator("input[name=requirements]")
    for index in range(boxes.count()):
        boxes.nth(index).uncheck()
    boxes.first.check()
    phone_checks(page)
    page.click("button >> text=Tallenna liitokset")
    page.wait_for_url("**/tehtavien-osaaminen/*/?tutkinto=*")
    assert "Tehtävän vaatimukset on tallennettu." in page.content()
    assert page.locator("input[name=requirements]:checked").count() == 1

    page.goto(f"{base}/tutkinnot/")
    phone_checks(page)
    page.locator(".dash-card h2 a").first.click()
    page.wait_for_url("**/tutkinnot/*/")
    assert page.locator(".requirement").count() > 0
    phone_checks(page)


def test_the_data_subject_export_pdf(new_page, base, group):
    from pypdf import PdfReader

    page = new_page()
    sign_in(page, base, "admin-compconfig@test-web.example.fi")
    page.goto(f"{base}/valmentautujat/")
    page.click(f"a.trainee-card__name >> text={group.trainee_names[0]}")
    page.click("text=Tietopyyntö: kaikki kirjatut tiedot (PDF)")
    page.wait_for_url("**/tietopyynto/")
    phone_checks(page)
    page.click("button >> text=Muodosta PDF")
    page.wait_for_url("**/tietopyynnot/*/")
    if "Lataa PDF" not in page.content():  # a worker of its own: wait for the reloads
        page.wait_for_selector("a >> text=Lataa PDF", timeout=60_000)
    assert page.locator("progress").get_attribute("value") == "100"
    phone_checks(page)
    with page.expect_download() as download_info:
        page.click("a >> text=Lataa PDF")
    content = download_info.value.path().read_bytes()
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    )
    assert group.trainee_names[0] in text
    assert "Henkilötiedot" in text
    assert "Testikunta Web" in text
    assert re.search(r"Yhteensä \d+ tietuetta\.", text)
