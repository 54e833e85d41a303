"""A coach ticks a requirement with suggested evidence, issues the certificate and downloads it."""

from __future__ import annotations

import io
import re

import pytest

from .competence_data import build_competence
from .conftest import (
    build_group,
    phone_checks,
    sign_in,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=1, label="competence")
        group.requirement_ids = build_competence(web_tenant, group)
        return group


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def test_tick_with_evidence_issue_and_download_the_certificate(new_page, base, group):
    from pypdf import PdfReader

    page = new_page()
    sign_in(page, base, group.coach_email)
    (period_id,) = group.period_ids
    page.goto(f"{base}/valmentautujat/")
    page.click(f"a.trainee-card__name >> text={group.trainee_names[0]}")
    page.wait_for_url("**/valmentautujat/*/**")
    page.click("text=Osaaminen ja osaamistodistus")
    page.wait_for_url(f"**/jaksot/{period_id}/osaaminen/")
    phone_checks(page)

    requirement = page.locator(f"#req-{group.requirement_ids[0]}")
    text = requirement.locator(".requirement__text").inner_text()
    requirement.locator("summary").first.click()
    boxes = requirement.locator(".evidence-day input[type=checkbox]")
    assert boxes.count() == 3
    assert all(boxes.nth(index).is_checked() for index in range(3))  # suggested, pre-checked
    phone_checks(page)
    requirement.locator("button[type=submit]").click()
    page.wait_for_url(f"**/jaksot/{period_id}/osaaminen/*")
    assert "Saavutettu" in page.locator(f"#req-{group.requirement_ids[0]}").inner_text()
    assert "Ei vielä kuitattu" in page.content()

    page.fill("#id_signer_title", "Työvalmentaja")
    page.click("button >> text=Anna todistus")
    page.wait_for_url(f"**/jaksot/{period_id}/osaaminen/")
    assert "Osaamistodistus on annettu." in page.content()
    phone_checks(page)

    with page.expect_download() as download_info:
        page.click("a >> text=Lataa PDF (versio 1)")
    content = download_info.value.path().read_bytes()
    pdf_text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    )
    assert group.trainee_names[0] in pdf_text
    assert re.sub(r"\s+", " ", text.replace("Saavutettu", "")).strip() in pdf_text
    assert "Osaamistodistus" in pdf_text
