# ruff: noqa: F811  (pytest fixtures imported from the shared conftest)
"""The final summary screens through the test client: draft, co-author, finalise, PDF, deliver,
the case manager's link with its code, revoke, interim reports, roles, 400s and the audit log."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from competence.reports.models import Delivery, Report, ReportVersion
from privacy.models import AuditEvent
from privacy.selectors import audit_events_for_trainee
from tests.competence.conftest import (  # noqa: F401 - fixtures used by ``world``
    log_day,
    peruste,
    recognise,
    site,
    tasks,
    yard_unit,
)
from tests.competence.reports.conftest import world  # noqa: F401 - the shared period

pytestmark = pytest.mark.django_db

TEXTS = {
    "language": "en",
    "work_capacity": "Manages six-hour days.",
    "functional_capacity": "Learns new tasks quickly.",
    "work_unit_input": "Reliable, says the unit.",
    "trainee_view": "I want to continue in the field.",
    "recommendations": "Paid work with a wage subsidy in property services.",
}


def _client(client_for, tenant, user=None):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _finalised(world, client, capture):
    url = f"/jaksot/{world.period.pk}/loppukooste/"
    assert client.post(url + "aloita/").status_code == 302
    report = Report.objects.get(period=world.period, kind="final")
    assert client.post(f"/raportit/{report.pk}/tekstit/", TEXTS).status_code == 302
    with capture(execute=True):
        response = client.post(f"/raportit/{report.pk}/viimeistele/", {"confirm": "on"})
    assert response.status_code == 302
    return report, url


def test_draft_coauthor_finalise_download(
    world,
    tenant_a,
    client_for,
    django_capture_on_commit_callbacks,
):
    coach = _client(client_for, tenant_a, world.staff.coach)
    url = f"/jaksot/{world.period.pk}/loppukooste/"
    page = coach.get(url)
    assert page.status_code == 200
    assert "Start the final summary" in page.content.decode()
    assert coach.post(url + "aloita/").status_code == 302
    report = Report.objects.get(period=world.period, kind="final")

    page = coach.get(url).content.decode()
    assert "18.00" in page  # hours from the daily log
    assert "chart-indicator-0-title" in page  # the indicator's chart with its table
    assert "chart-indicator-0-table" in page
    # A long page on a phone: jump links to each section that is there.
    jump = page.split('class="jump-nav"', 1)[1].split("</nav>", 1)[0]
    for anchor in ("#report-data", "#chart-indicator-0-h", "#report-texts", "#report-ack"):
        assert f'href="{anchor}"' in jump
        assert f'id="{anchor[1:]}"' in page
    assert 'href="#report-versions"' not in jump  # nothing finalised yet

    bad = coach.post(f"/raportit/{report.pk}/tekstit/", {**TEXTS, "language": "de"})
    assert bad.status_code == 400
    assert "Language of the document" in bad.content.decode()
    assert coach.post(f"/raportit/{report.pk}/tekstit/", TEXTS).status_code == 302
    agent = _client(client_for, tenant_a, world.staff.agent)
    texts = {**TEXTS, "work_unit_input": "The unit: reliable and punctual."}
    assert agent.post(f"/raportit/{report.pk}/tekstit/", texts).status_code == 302
    assert {user.pk for user in report.co_authors.all()} == {
        world.staff.coach.pk,
        world.staff.agent.pk,
    }
    ack = coach.post(f"/raportit/{report.pk}/kuittaus/", {"on": "2026-08-20"})
    assert ack.status_code == 302

    refused = coach.post(f"/raportit/{report.pk}/viimeistele/", {})
    assert refused.status_code == 400
    assert not ReportVersion.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = coach.post(f"/raportit/{report.pk}/viimeistele/", {"confirm": "on"})
    assert done.status_code == 302
    version = ReportVersion.objects.get(report=report)
    status = coach.get(f"/raporttiversiot/{version.pk}/tila/").content.decode()
    assert f"/raporttiversiot/{version.pk}/pdf/" in status
    assert "hx-trigger" not in status  # ready: polling stops
    download = coach.get(f"/raporttiversiot/{version.pk}/pdf/")
    assert download.status_code == 200
    text = _pdf_text(b"".join(download.streaming_content))
    assert "The unit: reliable and punctual." in text
    assert "18.00" in text
    assert "20.8.2026" in text
    assert AuditEvent.objects.filter(
        action="export", object_type="reports.reportversion", object_id=str(version.pk)
    ).exists()


def test_deliver_open_with_the_code_and_the_trainees_access_log(
    world,
    tenant_a,
    client_for,
    django_capture_on_commit_callbacks,
):
    coach = _client(client_for, tenant_a, world.staff.coach)
    report, url = _finalised(world, coach, django_capture_on_commit_callbacks)
    bad = coach.post(
        f"/raportit/{report.pk}/toimita/",
        {"recipient_name": "Anna", "recipient_email": "not an address"},
    )
    assert bad.status_code == 400
    assert "Case manager&#x27;s e-mail" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = coach.post(
            f"/raportit/{report.pk}/toimita/",
            {"recipient_name": "Anna Asiakasvastaava", "recipient_email": "anna@te.example"},
        )
    assert sent.status_code == 302
    link_mail, code_mail = mail.outbox[-2:]
    link = re.search(r"https?://\S+/toimitus/\S+/", link_mail.body).group(0)
    path = "/" + link.split("/", 3)[3]
    code = re.search(r"\d{8}", code_mail.body).group(0)
    assert code not in link_mail.body
    page = coach.get(url).content.decode()
    assert code in page  # shown once to the sender
    assert code not in coach.get(url).content.decode()

    recipient = _client(client_for, tenant_a)
    form = recipient.get(path)
    assert form.status_code == 200
    assert "Enter the code" in form.content.decode()
    assert "Download the PDF" not in form.content.decode()
    wrong = recipient.post(path, {"code": "12345678"})
    assert wrong.status_code == 400
    assert recipient.get(path + "lataa/").status_code == 302  # locked until the code
    assert recipient.post(path, {"code": code}).status_code == 302
    assert "Download the PDF" in recipient.get(path).content.decode()
    download = recipient.get(path + "lataa/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    delivery = Delivery.objects.get()
    assert (delivery.open_count, delivery.download_count, delivery.failed_attempts) == (1, 1, 1)

    events = [
        event
        for event in audit_events_for_trainee(trainee_id=world.period.trainee_id)
        if event.action == AuditEvent.Action.DELIVER
    ]
    assert sorted(event.detail["event"] for event in events) == ["download", "open", "sent"]

    assert coach.post(f"/toimitukset/{delivery.pk}/peru/").status_code == 302
    closed = recipient.get(path)
    assert closed.status_code == 410
    body = closed.content.decode()
    assert "The link has been withdrawn" in body
    assert world.period.trainee.last_name not in body
    assert recipient.get(path + "lataa/").status_code == 410


def test_expired_and_unknown_links_show_a_clear_page(
    world,
    tenant_a,
    client_for,
    django_capture_on_commit_callbacks,
):
    coach = _client(client_for, tenant_a, world.staff.coach)
    report, _url = _finalised(world, coach, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        coach.post(
            f"/raportit/{report.pk}/toimita/",
            {"recipient_name": "Anna", "recipient_email": "anna@te.example"},
        )
    path = (
        "/"
        + re.search(r"https?://\S+/toimitus/\S+/", mail.outbox[-2].body).group(0).split("/", 3)[3]
    )
    Delivery.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    recipient = _client(client_for, tenant_a)
    expired = recipient.get(path)
    assert expired.status_code == 410
    assert "The link has expired" in expired.content.decode()
    unknown = recipient.get("/toimitus/not-a-token/")
    assert unknown.status_code == 404
    assert "The link is not valid" in unknown.content.decode()


def test_roles(world, tenant_a, client_for):
    url = f"/jaksot/{world.period.pk}/loppukooste/"
    assert _client(client_for, tenant_a, world.staff.coach2).get(url).status_code == 404
    assert _client(client_for, tenant_a, world.staff.supervisor).get(url).status_code == 403
    assert _client(client_for, tenant_a, world.staff.admin).get(url).status_code == 200
    other = _client(client_for, tenant_a, world.staff.coach2)
    assert other.post(url + "aloita/").status_code == 404
    assert not Report.objects.exists()


def test_interim_reports_schedule_and_draft(world, tenant_a, client_for):
    coach = _client(client_for, tenant_a, world.staff.coach)
    url = f"/jaksot/{world.period.pk}/valiraportit/"
    page = coach.get(url).content.decode()
    assert "2.3.2026 – 1.4.2026" in page
    assert "Due" in page
    bad = coach.post(url + "aikataulu/", {"interval_months": "9"})
    assert bad.status_code == 400
    assert coach.post(url + "aikataulu/", {"interval_months": "2"}).status_code == 302
    assert "2.3.2026 – 1.5.2026" in coach.get(url).content.decode()
    started = coach.post(url + "aloita/", {"covers_from": "2026-03-02"})
    assert started.status_code == 302
    report = Report.objects.get(kind="interim")
    assert started["Location"] == f"/raportit/{report.pk}/"
    assert coach.get(started["Location"]).status_code == 200
    assert coach.post(url + "aloita/", {"covers_from": "2026-03-05"}).status_code == 400


def test_pages_log_reads(world, tenant_a, client_for):
    coach = _client(client_for, tenant_a, world.staff.coach)
    coach.get(f"/jaksot/{world.period.pk}/loppukooste/")
    assert AuditEvent.objects.filter(
        action="read", trainee_id=world.period.trainee_id, object_type="coaching.coachingperiod"
    ).exists()
