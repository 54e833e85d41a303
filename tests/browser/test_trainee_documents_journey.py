"""A trainee on a phone: fills in the open self-assessment, agrees with a competence mark,
downloads the certificate, marks the final summary as read, sees who has handled their data
and asks for a copy of it. Every screen passes ``phone_checks``."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection

from .competence_data import build_competence
from .conftest import PASSWORD, build_group, nav_click, phone_checks, user_ensure

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

TRAINEE_EMAIL = "oma-valmentautuja@test-web.example.fi"


def _documents(tenant, group) -> dict:
    """Two ticks, a certificate and a finalised final summary for the group's one trainee,
    who gets an account of their own (made directly, not through an invitation)."""
    from accounts.models import User
    from coaching.models import CoachingPeriod, DailyEntry
    from competence import services as competence
    from competence.frameworks.models import Requirement
    from competence.models import CompetenceRecord
    from competence.reports import services as reports

    user_ensure(tenant, TRAINEE_EMAIL, "trainee")
    connection.set_tenant(tenant)
    try:
        coach = User.objects.get(email=group.coach_email)
        (period,) = CoachingPeriod.objects.filter(pk__in=group.period_ids).select_related("trainee")
        trainee = period.trainee
        trainee.user = User.objects.get(email=TRAINEE_EMAIL)
        trainee.save(update_fields=["user"])
        entries = list(DailyEntry.objects.filter(period=period).order_by("date"))
        for requirement in Requirement.objects.filter(pk__in=group.requirement_ids):
            if not CompetenceRecord.objects.filter(period=period, requirement=requirement):
                competence.competence_record_tick(
                    actor=coach, period=period, requirement=requirement, evidence=entries
                )
        if not period.competence_certificates.exists():
            competence.competence_certificate_issue(
                actor=coach,
                period=period,
                signers=[competence.Signer(name="Veera Valmentaja")],
                language="fi",
                issued_on=entries[-1].date,
            )
        report = reports.final_summary_draft_get_or_create(actor=coach, period=period)
        if not report.versions.exists():
            reports.report_texts_update(
                actor=coach,
                report=report,
                work_capacity="Jaksaa kuuden tunnin työpäivät.",
                recommendations="Palkkatuettu työ kiinteistöhuollossa.",
            )
            reports.report_finalise(actor=coach, report=report)  # the PDF: an eager task
        return {"period": period.pk, "report": report.pk, "trainee": trainee.pk}
    finally:
        connection.set_schema_to_public()


@pytest.fixture(scope="module")
def world(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=1, label="omat")
        group.requirement_ids = build_competence(web_tenant, group)
        return {"group": group, **_documents(web_tenant, group)}


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", TRAINEE_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_trainee_documents_journey(new_page, base, world, web_tenant, django_db_blocker):
    page = new_page()
    _sign_in(page, base)

    # 1. The open self-assessment, one part at a time.
    nav_click(page, "Oma itsearviointi")
    page.wait_for_url("**/oma/arviointi/")
    assert "Täytä nyt" in page.content()
    phone_checks(page)
    page.click("a >> text=Aloita")
    page.wait_for_url("**/oma/arviointi/*/baseline/")
    phone_checks(page)
    parts = 0
    while True:
        parts += 1
        assert parts < 10
        for fieldset in page.locator("fieldset.self-item").all():
            fieldset.locator("label").nth(3).click()  # "I usually manage on my own"
        ready = page.locator("button >> text=Valmis, lähetä")
        if ready.count():
            phone_checks(page)
            ready.click()
            break
        page.click("button >> text=Tallenna ja jatka")
        page.wait_for_url(f"**/oma/arviointi/*/baseline/?osa={parts + 1}")
    page.wait_for_url("**/oma/arviointi/")
    assert "Kiitos! Itsearviointisi on valmis." in page.content()
    assert "4,0 / 5" in page.content() or "4.0 / 5" in page.content()
    phone_checks(page)

    # 2. My competence: agree with the first mark.
    nav_click(page, "Oma osaaminen")
    page.wait_for_url("**/oma/osaaminen/")
    assert "2 merkintää odottaa sinua" in page.content()
    phone_checks(page)
    page.locator("article.self-record").first.locator("button >> text=Olen samaa mieltä").click()
    page.wait_for_url("**/oma/osaaminen/*")
    assert "Olet samaa mieltä tästä." in page.content()
    assert "1 merkintä odottaa sinua" in page.content()
    phone_checks(page)

    # 3. My documents: the certificate's PDF, then the final summary read and acknowledged.
    nav_click(page, "Omat asiakirjat")
    page.wait_for_url("**/oma/asiakirjat/")
    phone_checks(page)
    with page.expect_download() as download:
        page.locator("a", has_text="Lataa PDF").first.click()
    assert "Osaamistodistus" in _pdf_text(download.value.path().read_bytes())
    page.click("a >> text=Lue")
    page.wait_for_url(f"**/oma/asiakirjat/raportit/{world['report']}/")
    assert "Jaksaa kuuden tunnin työpäivät." in page.content()
    phone_checks(page)
    page.click("button >> text=Olen lukenut loppukoosteeni")
    page.wait_for_url(f"**/oma/asiakirjat/raportit/{world['report']}/")
    assert "Kiitos. Kuittauksesi on tallennettu." in page.content()
    assert "Merkitty luetuksi" in page.content()
    phone_checks(page)

    # 4. My data: who has handled it, and a copy of everything.
    nav_click(page, "Omat tietoni")
    page.wait_for_url("**/oma/tietoni/")
    assert "Veera Valmentaja" in page.content()  # the coach who ticked and issued
    phone_checks(page)
    page.click("button >> text=Tee kopio tiedoistani")
    page.wait_for_url("**/oma/tietoni/*")
    assert "Kopiotasi tehdään." in page.content()
    phone_checks(page)
    for _ in range(30):  # the server builds it eagerly; the list says when it is ready
        if page.locator(".self-jobs a", has_text="Lataa PDF").count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    with page.expect_download() as download:
        page.locator(".self-jobs a", has_text="Lataa PDF").first.click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    with django_db_blocker.unblock():
        from competence.capacity.models import Assessment
        from competence.models import CompetenceRecord
        from competence.reports.models import Report
        from privacy.models import ExportJob

        connection.set_tenant(web_tenant)
        try:
            assessment = Assessment.objects.get(period_id=world["period"], rater_type="self")
            assert assessment.is_final
            assert assessment.rater.email == TRAINEE_EMAIL
            acknowledged = [
                r.is_acknowledged for r in CompetenceRecord.objects.filter(period=world["period"])
            ]
            assert sorted(acknowledged) == [False, True]
            report = Report.objects.get(pk=world["report"])
            assert report.is_acknowledged
            assert not report.acknowledged_in_person
            assert report.acknowledgement_recorded_by.email == TRAINEE_EMAIL
            job = ExportJob.objects.filter(trainee_id=world["trainee"]).latest("requested_at")
            assert job.status == ExportJob.Status.DONE
        finally:
            connection.set_schema_to_public()
