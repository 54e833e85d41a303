# ruff: noqa: F811  (pytest fixtures imported from the shared conftest)
"""The trainee's own pages (/oma/): self-assessment, competence, documents and data.

Each action through the test client as the trainee; another trainee's record is a 404 and
staff get a 403 on every page.
"""

from __future__ import annotations

from datetime import date

import pytest

from competence import services as competence_services
from competence.capacity.models import Assessment
from competence.models import CompetenceCertificate, CompetenceRecord
from competence.reports import services as report_services
from competence.reports.models import ReportVersion
from privacy.models import AuditEvent, ExportJob
from tests.competence.capacity.conftest import platform_version
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

PAGES = ["/oma/arviointi/", "/oma/osaaminen/", "/oma/asiakirjat/", "/oma/tietoni/"]


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _link(trainee, user):
    trainee.user = user
    trainee.save(update_fields=["user"])


@pytest.fixture
def me(world, tenant_a, make_user, client_for):
    """The world's trainee signed in with their own account."""
    user = make_user(tenant_a, role="trainee")
    _link(world.period.trainee, user)
    world.user = user
    world.client = _client(client_for, tenant_a, user)
    return world


@pytest.fixture
def other(world, tenant_a, make_user, make_period, client_for):
    """Another trainee of the same coach, with an account of their own."""
    period = make_period("coaching")
    user = make_user(tenant_a, role="trainee")
    _link(period.trainee, user)

    class Other:
        pass

    found = Other()
    found.period = period
    found.user = user
    found.client = _client(client_for, tenant_a, user)
    return found


def test_staff_get_no_trainee_pages(world, tenant_a, client_for):
    for user in (world.staff.coach, world.staff.admin, world.staff.agent):
        client = _client(client_for, tenant_a, user)
        for url in PAGES:
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post("/oma/tietoni/kopio/", {"language": "fi"}).status_code == 403
    assert not ExportJob.objects.exists()


def test_navigation_shows_the_pages_to_the_trainee_only(me, tenant_a, client_for):
    html = me.client.get("/oma/osaaminen/").content.decode()
    for url in PAGES:
        assert f'href="{url}"' in html
    coach_html = _client(client_for, tenant_a, me.staff.coach).get("/tanaan/").content.decode()
    assert 'href="/oma/' not in coach_html


def test_a_trainee_without_a_record_sees_plain_notes(tenant_a, make_user, client_for):
    client = _client(client_for, tenant_a, make_user(tenant_a, role="trainee"))
    for url in PAGES:
        assert client.get(url).status_code == 200
    assert client.post("/oma/tietoni/kopio/", {"language": "fi"}).status_code == 404


# --- 1. Self-assessment ---------------------------------------------------------------------------


def _self_version():
    return platform_version("valmo-self-assessment")


def test_self_assessment_part_by_part_then_ready(me):
    version = _self_version()
    dimensions = list(version.dimensions.all())
    page = me.client.get("/oma/arviointi/")
    assert page.status_code == 200
    (link,) = page.context["open"]
    assert link.occasion == "baseline"
    url = f"/oma/arviointi/{version.instrument_id}/baseline/"
    first = me.client.get(url)
    assert first.status_code == 200
    assert dimensions[0].name in first.content.decode()
    for step, dimension in enumerate(dimensions, 1):
        items = list(dimension.items.all())
        data = {"osa": str(step), f"item-{items[0].code}": "4"}
        if len(items) > 1:
            data[f"item-{items[1].code}"] = "not_observed"
        if step == len(dimensions):
            data["ready"] = "1"
        response = me.client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assessment = Assessment.objects.get(period=me.period, rater_type="self")
        if step < len(dimensions):
            assert response["Location"].endswith(f"?osa={step + 1}")
            assert not assessment.is_final
    assessment = Assessment.objects.get(period=me.period, rater_type="self")
    assert assessment.is_final
    assert assessment.rater == me.user
    answers = {a.item.code: (a.value, a.not_observed) for a in assessment.answers.all()}
    first_items = list(dimensions[0].items.all())
    assert answers[first_items[0].code] == (4, False)  # the first part's answers were kept
    assert answers[first_items[1].code][1] is True
    after = me.client.get("/oma/arviointi/")
    assert [e.occasion for e in after.context["open"]] == ["interim"]
    (earlier,) = after.context["earlier"]
    assert earlier.assessment.pk == assessment.pk
    assert "4.0 out of 5" in after.content.decode()
    # The finalised occasion is no longer open.
    assert me.client.get(url).status_code == 404


def test_self_assessment_saved_for_later_stays_open(me):
    version = _self_version()
    dimensions = list(version.dimensions.all())
    url = f"/oma/arviointi/{version.instrument_id}/baseline/"
    item = dimensions[-1].items.first()
    last = str(len(dimensions))
    response = me.client.post(url, {"osa": last, f"item-{item.code}": "2", "later": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/oma/arviointi/"
    assessment = Assessment.objects.get(period=me.period, rater_type="self")
    assert not assessment.is_final
    page = me.client.get("/oma/arviointi/")
    (link,) = page.context["open"]
    assert link.assessment.pk == assessment.pk
    assert "You have started it." in page.content.decode()
    again = me.client.get(f"{url}?osa={last}")
    assert again.status_code == 200
    assert f'value="2" id="id_item-{item.code}_1" checked' in again.content.decode()


def test_self_assessment_refusals(me, other):
    version = _self_version()
    url = f"/oma/arviointi/{version.instrument_id}/baseline/"
    item = version.dimensions.first().items.first()
    bad = me.client.post(url, {"osa": "1", f"item-{item.code}": "9"})
    assert bad.status_code == 400
    assert f"item-{item.code}" in bad.context["form"].errors
    nothing = me.client.post(url, {"osa": "1"})
    assert nothing.status_code == 400
    assert "Answer at least one item." in nothing.content.decode()
    assert me.client.get(url + "?osa=99").status_code == 404
    assert me.client.get(url + "?osa=x").status_code == 404
    assert me.client.get(f"/oma/arviointi/{version.instrument_id}/final/").status_code == 404
    assert me.client.get(f"/oma/arviointi/{version.instrument_id}/nonsense/").status_code == 404
    coach_version = platform_version("valmo-coach-observation")
    assert me.client.get(f"/oma/arviointi/{coach_version.instrument_id}/baseline/").status_code == (
        404
    )
    assert not Assessment.objects.filter(rater_type="self").exists()
    # The other trainee fills in only their own.
    answer = {"osa": "1", f"item-{item.code}": "3"}
    assert other.client.post(url, answer).status_code == 302
    assert Assessment.objects.get(rater_type="self").period == other.period


def test_self_assessment_reads_are_logged(me):
    response = me.client.get("/oma/arviointi/")
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {me.period.trainee_id}
    assert "capacity" in set(events.values_list("section", flat=True))


# --- 2. Competence --------------------------------------------------------------------------------


def test_competence_by_part_agree_and_discuss(me, other, tenant_a, client_for):
    record = CompetenceRecord.objects.get(period=me.period)
    page = me.client.get("/oma/osaaminen/")
    assert page.status_code == 200
    (part,) = page.context["parts"]
    assert part.records[0].pk == record.pk
    html = page.content.decode()
    assert "I agree" in html
    assert "I want to discuss this" in html
    assert record.requirement.text_en in html or record.requirement.text_fi in html

    assert other.client.post(f"/oma/osaaminen/{record.pk}/keskustellaan/").status_code == 404
    assert other.client.post(f"/oma/osaaminen/{record.pk}/hyvaksyn/").status_code == 404
    assert me.client.get(f"/oma/osaaminen/{record.pk}/hyvaksyn/").status_code == 302
    record.refresh_from_db()
    assert not record.is_acknowledged
    assert not record.wants_discussion

    assert me.client.post(f"/oma/osaaminen/{record.pk}/keskustellaan/").status_code == 302
    record.refresh_from_db()
    assert record.wants_discussion
    coach = _client(client_for, tenant_a, me.staff.coach)
    staff_page = coach.get(f"/jaksot/{me.period.pk}/osaaminen/").content.decode()
    assert "The trainee wants to discuss this" in staff_page
    assert "You want to talk about this" in me.client.get("/oma/osaaminen/").content.decode()

    assert me.client.post(f"/oma/osaaminen/{record.pk}/hyvaksyn/").status_code == 302
    record.refresh_from_db()
    assert record.is_acknowledged
    assert not record.wants_discussion
    assert "You agreed with this." in me.client.get("/oma/osaaminen/").content.decode()
    again = me.client.post(f"/oma/osaaminen/{record.pk}/keskustellaan/", follow=True)
    assert "You have already agreed with this record." in again.content.decode()
    assert AuditEvent.objects.filter(
        action="change", object_id=str(record.pk), actor_id=me.user.pk
    ).exists()


def test_agree_with_all(me, peruste):
    competence_services.competence_record_tick(
        actor=me.staff.coach,
        period=me.period,
        requirement=peruste.requirement("a9202"),
        evidence=me.days,
    )
    assert len(me.client.get("/oma/osaaminen/").context["waiting"]) == 2
    assert me.client.post("/oma/osaaminen/kaikki/").status_code == 302
    records = CompetenceRecord.objects.filter(period=me.period)
    assert records.count() == 2
    assert all(record.is_acknowledged for record in records)
    assert me.client.get("/oma/osaaminen/").context["waiting"] == []


def test_only_the_trainee_may_use_the_competence_services(me):
    record = CompetenceRecord.objects.get(period=me.period)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        competence_services.competence_record_discussion_request(
            actor=me.staff.coach, record=record
        )
    with pytest.raises(PermissionDenied):
        competence_services.competence_records_acknowledge(
            actor=me.staff.coach, period=me.period, records=[record]
        )


# --- 3. Documents ---------------------------------------------------------------------------------


def _certificate(world):
    return competence_services.competence_certificate_issue(
        actor=world.staff.coach,
        period=world.period,
        signers=[competence_services.Signer(name="Veera Valmentaja")],
        language="fi",
        issued_on=date(2026, 3, 11),
    )


def _final_summary(world, capture):
    report = report_services.final_summary_draft_get_or_create(
        actor=world.staff.coach, period=world.period, language="en"
    )
    report_services.report_texts_update(
        actor=world.staff.coach,
        report=report,
        work_capacity="Manages six-hour days.",
        recommendations="Paid work with a wage subsidy.",
        trainee_view="I want to continue in the field.",
    )
    with capture(execute=True):
        report_services.report_finalise(actor=world.staff.coach, report=report)
    return report


def test_documents_certificate_and_final_summary(me, other, django_capture_on_commit_callbacks):
    empty = me.client.get("/oma/asiakirjat/")
    assert empty.context["certificates"] == []
    assert empty.context["finals"] == []
    certificate = _certificate(me)
    draft = report_services.final_summary_draft_get_or_create(
        actor=me.staff.coach, period=me.period, language="en"
    )
    assert me.client.get("/oma/asiakirjat/").context["finals"] == []  # a draft is not shown
    assert me.client.get(f"/oma/asiakirjat/raportit/{draft.pk}/").status_code == 404
    report = _final_summary(me, django_capture_on_commit_callbacks)

    page = me.client.get("/oma/asiakirjat/")
    html = page.content.decode()
    assert f"/osaamistodistukset/{certificate.pk}/pdf/" in html
    assert f"/oma/asiakirjat/raportit/{report.pk}/" in html
    read = me.client.get(f"/oma/asiakirjat/raportit/{report.pk}/")
    assert read.status_code == 200
    text = read.content.decode()
    assert "Manages six-hour days." in text
    assert "Paid work with a wage subsidy." in text
    version = ReportVersion.objects.get(report=report)
    assert f"/raporttiversiot/{version.pk}/pdf/" in text
    assert "I have read my final summary" in text

    pdf = me.client.get(f"/osaamistodistukset/{certificate.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        action="export", object_id=str(certificate.pk), actor_id=me.user.pk
    ).exists()
    assert me.client.get(f"/raporttiversiot/{version.pk}/pdf/").status_code == 200

    # Another trainee reaches none of it.
    assert other.client.get(f"/osaamistodistukset/{certificate.pk}/pdf/").status_code == 404
    assert other.client.get(f"/oma/asiakirjat/raportit/{report.pk}/").status_code == 404
    assert other.client.post(f"/oma/asiakirjat/raportit/{report.pk}/kuittaa/").status_code == 404
    assert other.client.get("/oma/asiakirjat/").context["certificates"] == []

    assert me.client.post(f"/oma/asiakirjat/raportit/{report.pk}/kuittaa/").status_code == 302
    report.refresh_from_db()
    assert report.is_acknowledged
    assert report.acknowledged_in_person is False
    assert report.acknowledgement_recorded_by == me.user
    assert (
        "Marked as read on"
        in me.client.get(f"/oma/asiakirjat/raportit/{report.pk}/").content.decode()
    )


def test_documents_reads_are_logged(me, django_capture_on_commit_callbacks):
    certificate = _certificate(me)
    _final_summary(me, django_capture_on_commit_callbacks)
    response = me.client.get("/oma/asiakirjat/")
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert str(certificate.pk) in set(events.values_list("object_id", flat=True))
    assert {"competence", "reports"} <= set(events.values_list("section", flat=True))


def test_an_old_certificate_version_shows_as_corrected(me):
    certificate = _certificate(me)
    competence_services.competence_certificate_correct(
        actor=me.staff.coach, certificate=certificate, reason="Nimi korjattu"
    )
    html = me.client.get("/oma/asiakirjat/").content.decode()
    assert "Corrected version 2" in html
    assert CompetenceCertificate.objects.filter(period=me.period).count() == 2


# --- 4. My data -----------------------------------------------------------------------------------


def test_who_has_handled_my_data(me, tenant_a, client_for):
    me.staff.coach.first_name, me.staff.coach.last_name = "Veera", "Valmentaja"
    me.staff.coach.save(update_fields=["first_name", "last_name"])
    coach = _client(client_for, tenant_a, me.staff.coach)
    assert coach.get(f"/valmentautujat/{me.period.trainee_id}/").status_code == 200
    page = me.client.get("/oma/tietoni/")
    assert page.status_code == 200
    rows = page.context["handled"]
    coach_rows = [row for row in rows if row.who == "Veera Valmentaja"]  # no e-mail address
    assert coach_rows
    assert any(str(row.what) == "Looked at" for row in coach_rows)
    assert all(str(row.role) == "work coach" for row in coach_rows)
    html = page.content.decode()
    (looked,) = [row for row in coach_rows if str(row.what) == "Looked at"]  # one row a day
    assert "name and contact details" in [str(part) for part in looked.parts]
    assert f"Looked at: {', '.join(str(part) for part in looked.parts)}" in html
    assert "other data" not in html  # writes, logged under their model's name, are named too
    assert len(rows) <= 12
    if page.context["more"]:
        assert len(me.client.get("/oma/tietoni/?kaikki=1").context["handled"]) > 12
    assert AuditEvent.objects.filter(
        request_id=page["X-Request-ID"], object_type="privacy.auditevent", section="access_log"
    ).exists()


def test_request_and_download_my_export(me, other, django_capture_on_commit_callbacks):
    bad = me.client.post("/oma/tietoni/kopio/", {"language": "de"})
    assert bad.status_code == 400
    assert "language" in bad.context["form"].errors
    assert me.client.get("/oma/tietoni/kopio/").status_code == 302
    assert not ExportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = me.client.post("/oma/tietoni/kopio/", {"language": "en"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.trainee_id == me.period.trainee_id
    assert job.requested_by == me.user
    assert job.status == ExportJob.Status.DONE
    page = me.client.get("/oma/tietoni/").content.decode()
    assert f"/tietopyynnot/{job.pk}/pdf/" in page
    download = me.client.get(f"/tietopyynnot/{job.pk}/pdf/")
    assert download.status_code == 200
    assert other.client.get(f"/tietopyynnot/{job.pk}/pdf/").status_code == 404
    assert f"/tietopyynnot/{job.pk}/pdf/" not in other.client.get("/oma/tietoni/").content.decode()
