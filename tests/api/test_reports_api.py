# ruff: noqa: F811  (pytest fixtures imported from the shared conftest)
"""Final summaries through the API: draft, texts with If-Match, finalise, versions, the PDF
(an audited export), deliver (the code once), revoke; and who may do what."""

from __future__ import annotations

import pytest
from django.core import mail

from competence.reports.models import Delivery, ReportVersion
from privacy.models import AuditEvent
from tests.competence.reports.conftest import world  # noqa: F401 - the reports' own period

pytestmark = pytest.mark.django_db

TEXTS = {
    "work_capacity": "Manages six-hour days.",
    "recommendations": "Paid work with a wage subsidy in property services.",
}


@pytest.fixture
def coach(world, tenant_a, client_for):
    client = client_for(tenant_a, world.staff.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_draft_texts_finalise_pdf_deliver_and_revoke(
    world, coach, tenant_a, client_for, django_capture_on_commit_callbacks
):
    period = world.period
    started = coach.post(f"/api/v1/periods/{period.pk}/final-summary/")
    assert started.status_code == 201, started.content
    report = started.json()
    assert report["kind"] == "final"
    assert coach.post(f"/api/v1/periods/{period.pk}/final-summary/").status_code == 200
    listed = coach.get(f"/api/v1/periods/{period.pk}/reports/").json()["results"]
    assert [row["id"] for row in listed] == [report["id"]]

    path = f"/api/v1/reports/{report['id']}/"
    refused = coach.post(f"{path}finalise/")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "recommendations"

    etag = coach.get(path)["ETag"]
    assert coach.patch(path, TEXTS, content_type="application/json").status_code == 428
    saved = coach.patch(path, TEXTS, content_type="application/json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.content
    assert saved.json()["recommendations"] == TEXTS["recommendations"]
    assert saved.json()["co_authors"] == [world.staff.coach.pk]
    stale = coach.patch(
        path, {"trainee_view": "x"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412

    no_version = coach.post(
        f"{path}deliveries/",
        {"recipient_name": "Anna", "recipient_email": "anna@te.example"},
        content_type="application/json",
    )
    assert no_version.status_code == 400

    with django_capture_on_commit_callbacks(execute=True):
        finalised = coach.post(f"{path}finalise/")
    assert finalised.status_code == 201, finalised.content
    version = finalised.json()
    assert version["number"] == 1
    versions = coach.get(f"{path}versions/").json()["results"]
    assert versions[0]["pdf_status"] == "done"

    download = coach.get(f"/api/v1/report-versions/{version['id']}/pdf/")
    assert download.status_code in (200, 302)
    assert AuditEvent.objects.filter(
        action="export", object_type="reports.reportversion", object_id=str(version["id"])
    ).exists()

    bad = coach.post(
        f"{path}deliveries/",
        {"recipient_name": "Anna", "recipient_email": "not an address"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "recipient_email"
    with django_capture_on_commit_callbacks(execute=True):
        sent = coach.post(
            f"{path}deliveries/",
            {"recipient_name": "Anna", "recipient_email": "anna@te.example"},
            content_type="application/json",
        )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["state"] == "open"
    assert len(body["code"]) == 8
    assert sent["Cache-Control"] == "no-store"
    assert any(body["code"] in message.body for message in mail.outbox)
    deliveries = coach.get(f"{path}deliveries/").json()["results"]
    assert [row["id"] for row in deliveries] == [body["id"]]
    assert "code" not in deliveries[0]

    revoked = coach.post(f"/api/v1/deliveries/{body['id']}/revoke/")
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    again = coach.post(f"/api/v1/deliveries/{body['id']}/revoke/")
    assert again.status_code == 400
    assert Delivery.objects.get(pk=body["id"]).revoked_by == world.staff.coach

    corrected = coach.post(f"{path}correct/", {"reason": "Date"}, content_type="application/json")
    assert corrected.status_code == 201
    assert ReportVersion.objects.filter(report_id=report["id"]).count() == 2


def test_a_supervisor_gets_403_and_another_groups_coach_404(world, coach, tenant_a, client_for):
    period = world.period
    report = coach.post(f"/api/v1/periods/{period.pk}/final-summary/").json()
    supervisor = client_for(tenant_a, world.staff.supervisor)
    assert supervisor.get(f"/api/v1/reports/{report['id']}/").status_code == 403
    coach2 = client_for(tenant_a, world.staff.coach2)
    assert coach2.get(f"/api/v1/reports/{report['id']}/").status_code == 404
    assert coach2.post(f"/api/v1/reports/{report['id']}/finalise/").status_code == 404


# --- Interim reports, the schedule and the acknowledgement ---


def test_interim_schedule_is_read_with_an_etag_and_set_with_if_match(world, coach):
    path = f"/api/v1/periods/{world.period.pk}/interim-schedule/"
    read = coach.get(path)
    assert read.status_code == 200, read.content
    body = read.json()
    assert body["interval_months"] == 1
    assert body["spans"][0]["covers_from"] == world.period.start_on.isoformat()
    assert all(span["report"] is None and span["due"] for span in body["spans"])

    assert coach.put(path, {"interval_months": 2}, content_type="application/json").status_code == (
        428
    )
    refused = coach.put(
        path, {"interval_months": 7}, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
    )
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    # The service's own message, as the web form shows it.
    assert (error["field"], error["detail"]) == (
        "interval_months",
        "The interval is from one to six months.",
    )
    saved = coach.put(
        path, {"interval_months": 2}, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["interval_months"] == 2
    assert len(saved.json()["spans"]) < len(body["spans"])
    assert saved["ETag"] != read["ETag"]
    stale = coach.put(
        path, {"interval_months": 3}, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
    )
    assert stale.status_code == 412
    assert coach.get(path).json()["interval_months"] == 2


def test_an_interim_report_is_started_for_a_span_of_the_schedule(world, coach):
    path = f"/api/v1/periods/{world.period.pk}/interim-reports/"
    refused = coach.post(path, {"covers_from": "2026-03-03"}, content_type="application/json")
    assert refused.status_code == 400
    [error] = refused.json()["errors"]
    assert (error["field"], error["detail"]) == (
        "covers_from",
        "Choose a span of the period's interim schedule.",
    )
    first_day = world.period.start_on.isoformat()
    started = coach.post(path, {"covers_from": first_day}, content_type="application/json")
    assert started.status_code == 201, started.content
    report = started.json()
    assert (report["kind"], report["covers_from"]) == ("interim", first_day)
    again = coach.post(path, {"covers_from": first_day}, content_type="application/json")
    assert (again.status_code, again.json()["id"]) == (200, report["id"])
    assert [row["id"] for row in coach.get(path).json()["results"]] == [report["id"]]
    schedule = coach.get(f"/api/v1/periods/{world.period.pk}/interim-schedule/").json()
    assert schedule["spans"][0]["report"] == report["id"]
    # Texts and finalising go through the same report endpoints as a final summary.
    assert coach.post(f"/api/v1/reports/{report['id']}/finalise/").status_code == 201


def test_the_trainee_acknowledges_their_own_report_and_staff_record_one_in_person(
    world, coach, tenant_a, client_for, make_user
):
    report = coach.post(f"/api/v1/periods/{world.period.pk}/final-summary/").json()
    path = f"/api/v1/reports/{report['id']}/"
    etag = coach.get(path)["ETag"]

    future = coach.post(
        f"{path}acknowledge/",
        {"on": "2099-01-01"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert future.status_code == 400
    assert future.json()["errors"][0]["field"] == "on"
    assert coach.post(f"{path}acknowledge/", {}, content_type="application/json").status_code == (
        428
    )
    in_person = coach.post(
        f"{path}acknowledge/",
        {"on": "2026-08-28"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert in_person.status_code == 200, in_person.content
    body = in_person.json()
    assert (body["is_acknowledged"], body["acknowledged_on"], body["acknowledged_in_person"]) == (
        True,
        "2026-08-28",
        True,
    )
    assert in_person["ETag"] == coach.get(path)["ETag"]

    # An edit undoes it; the trainee then acknowledges the texts they read, with their ETag.
    texts = coach.patch(
        path,
        {"trainee_view": "Haluan varastotöihin."},
        content_type="application/json",
        HTTP_IF_MATCH=in_person["ETag"],
    )
    assert texts.json()["is_acknowledged"] is False
    trainee_user = make_user(tenant_a, role="trainee")
    world.period.trainee.user = trainee_user
    world.period.trainee.save(update_fields=["user"])
    trainee = client_for(tenant_a, trainee_user)
    read = trainee.get(path)
    assert read.status_code == 200
    stale = trainee.post(
        f"{path}acknowledge/", {}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    own = trainee.post(
        f"{path}acknowledge/", {}, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
    )
    assert own.status_code == 200, own.content
    assert (own.json()["is_acknowledged"], own.json()["acknowledged_in_person"]) == (True, False)

    # The tenant admin and the supervisor may not acknowledge; another trainee gets nothing.
    for user in (world.staff.admin, world.staff.supervisor):
        refused = client_for(tenant_a, user).post(
            f"{path}acknowledge/", {}, content_type="application/json", HTTP_IF_MATCH="*"
        )
        assert refused.status_code == 403
    stranger = client_for(tenant_a, make_user(tenant_a, role="trainee"))
    assert (
        stranger.post(
            f"{path}acknowledge/", {}, content_type="application/json", HTTP_IF_MATCH="*"
        ).status_code
        == 404
    )
