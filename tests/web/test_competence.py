"""The trainee's competence page, ticks with evidence, the certificate and its PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competence import services
from competence.models import CompetenceCertificate, CompetenceRecord
from privacy.models import AuditEvent
from tests.competence.conftest import (  # noqa: F401 - fixtures used by these tests
    DAY1,
    DAY2,
    DAY3,
    log_day,
    peruste,
    recognise,
    site,
    tasks,
    yard_unit,
)

pytestmark = pytest.mark.django_db

YARD_UNIT = 9100202


def _client(client_for, tenant, user, language="en"):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


@pytest.fixture
def setting(staff, make_period, make_trainee, peruste, tasks, log_day, recognise, yard_unit):  # noqa: F811
    """A period with three yard days in a recognised unit; the yard task maps to a9201."""

    class Setting:
        pass

    world = Setting()
    world.period = make_period("coaching", trainee=make_trainee(date_of_birth=date(1990, 5, 17)))
    world.environment = recognise(work_unit=yard_unit, units=[peruste.unit(YARD_UNIT)])
    services.work_task_requirements_set(
        actor=staff.admin, task=tasks.yard, requirements=[peruste.requirement("a9201")]
    )
    world.days = [log_day(world.period, day, tasks.yard) for day in (DAY1, DAY2, DAY3)]
    world.requirement = peruste.requirement("a9201")
    world.other = peruste.requirement("a9202")
    world.url = f"/jaksot/{world.period.pk}/osaaminen/"
    return world


def _tick(client, world, requirement=None, days=None, **extra):
    requirement = requirement or world.requirement
    prefix = f"r{requirement.pk}"
    data = {"requirement": requirement.pk, f"{prefix}-additional_information": "Itsenäisesti"}
    data[f"{prefix}-evidence"] = [str(day.pk) for day in (days or world.days[:2])]
    data.update({f"{prefix}-{key}": value for key, value in extra.items()})
    return client.post(f"{world.url}merkitse/", data)


def test_the_page_groups_requirements_by_unit_and_suggests_days(
    tenant_a, staff, setting, client_for
):
    response = _client(client_for, tenant_a, staff.coach).get(setting.url)
    assert response.status_code == 200
    page = response.context["page"]
    (unit,) = page.units
    assert unit.unit.eperusteet_id == YARD_UNIT
    row = page.row(setting.requirement.pk)
    assert {day.entry.pk for day in row.suggested_days} == {day.pk for day in setting.days}
    other = page.row(setting.other.pk)
    assert other.suggested_days == []
    assert len(other.other_days) == 3
    html = response.content.decode()
    assert setting.requirement.text_fi in html or setting.requirement.text_en in html
    assert "checked" in html  # suggested days come pre-checked
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert setting.period.trainee_id in set(events.values_list("trainee_id", flat=True))


def test_the_trainee_page_links_to_competence(tenant_a, staff, setting, client_for):
    trainee_id = setting.period.trainee_id
    page = _client(client_for, tenant_a, staff.coach).get(f"/valmentautujat/{trainee_id}/")
    assert setting.url in page.content.decode()


def test_a_tick_with_evidence_is_one_submit(tenant_a, staff, setting, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    response = _tick(client, setting, reached_on="2026-03-10")
    assert response.status_code == 302
    record = CompetenceRecord.objects.get(period=setting.period, requirement=setting.requirement)
    assert record.reached
    assert record.reached_on == DAY2
    assert set(record.evidence.values_list("pk", flat=True)) == {d.pk for d in setting.days[:2]}
    assert record.additional_information == "Itsenäisesti"
    html = client.get(setting.url).content.decode()
    assert "Not acknowledged yet" in html


def test_tick_errors_are_400_at_their_field_and_write_nothing(tenant_a, staff, setting, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    no_evidence = client.post(f"{setting.url}merkitse/", {"requirement": setting.requirement.pk})
    assert no_evidence.status_code == 400
    assert "evidence" in _errors(no_evidence, setting.requirement)
    before = _tick(client, setting, reached_on="2026-03-01")  # before the first evidence day
    assert before.status_code == 400
    assert "reached_on" in _errors(before, setting.requirement)
    assert "The date reached cannot be before the first evidence day." in before.content.decode()
    future = _tick(client, setting, reached_on="2099-01-01")
    assert future.status_code == 400
    assert "reached_on" in _errors(future, setting.requirement)
    garbage = _tick(client, setting, reached_on="x")
    assert garbage.status_code == 400
    foreign = client.post(
        f"{setting.url}merkitse/",
        {"requirement": setting.requirement.pk, f"r{setting.requirement.pk}-evidence": ["999999"]},
    )
    assert foreign.status_code == 400
    nonsense = client.post(f"{setting.url}merkitse/", {"requirement": "abc"})
    assert nonsense.status_code == 400
    assert not CompetenceRecord.objects.filter(period=setting.period).exists()


def _errors(response, requirement) -> dict:
    for _unit, items in response.context["units"]:
        for row, form in items:
            if row.requirement.pk == requirement.pk and form is not None:
                return dict(form.errors)
    return {}


def test_roles_outside_the_period_are_refused(tenant_a, staff, setting, client_for):
    other_coach = _client(client_for, tenant_a, staff.coach2)
    assert other_coach.get(setting.url).status_code == 404
    assert _tick(other_coach, setting).status_code == 404
    supervisor = _client(client_for, tenant_a, staff.supervisor)
    assert supervisor.get(setting.url).status_code == 403
    assert _tick(supervisor, setting).status_code == 403
    agent = _client(client_for, tenant_a, staff.agent)
    assert agent.get(setting.url).status_code == 200
    assert not CompetenceRecord.objects.filter(period=setting.period).exists()


def test_the_page_costs_the_same_queries_for_5_and_50_days(
    tenant_a,
    staff,
    setting,
    client_for,
    log_day,  # noqa: F811 - the imported fixture
    tasks,  # noqa: F811
):
    from datetime import timedelta

    client = _client(client_for, tenant_a, staff.coach)
    _tick(client, setting)
    client.get(setting.url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(setting.url).status_code == 200
    day = date(2026, 3, 16)
    added = 0
    while added < 45:
        if day.weekday() < 5:
            log_day(setting.period, day, tasks.yard)
            added += 1
        day += timedelta(days=1)
    with CaptureQueriesContext(connection) as many:
        assert client.get(setting.url).status_code == 200
    assert len(many) == len(few)


def test_the_trainee_sees_and_acknowledges_their_records(
    tenant_a, staff, setting, client_for, make_user
):
    coach = _client(client_for, tenant_a, staff.coach)
    assert _tick(coach, setting).status_code == 302
    user = make_user(tenant_a, role="trainee")
    trainee = setting.period.trainee
    trainee.user = user
    trainee.save(update_fields=["user"])
    client = _client(client_for, tenant_a, user)
    page = client.get(setting.url)
    assert page.status_code == 200
    assert "I have seen my competence records" in page.content.decode()
    assert client.post(f"{setting.url}kuittaa/").status_code == 302
    assert CompetenceRecord.objects.get(period=setting.period).is_acknowledged
    assert "All acknowledged" in client.get(setting.url).content.decode()
    assert coach.post(f"{setting.url}kuittaa/").status_code == 403


def _issue(client, world, **extra):
    data = {
        "language": "fi",
        "issued_on": "2026-03-11",
        "signer_name": "Veera Valmentaja",
        "signer_title": "Työvalmentaja",
        "signer_organisation": "Testikunta",
        "additional_information": "",
        **extra,
    }
    return client.post(f"/jaksot/{world.period.pk}/osaamistodistus/", data)


def test_issue_and_correct_the_certificate(tenant_a, staff, setting, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    nothing_ticked = _issue(client, setting)
    assert nothing_ticked.status_code == 400
    assert "No requirement has been ticked in this period." in nothing_ticked.content.decode()
    _tick(client, setting)
    no_signer = _issue(client, setting, signer_name="")
    assert no_signer.status_code == 400
    assert no_signer.context["issue_form"].errors["signer_name"]
    bad_date = _issue(client, setting, issued_on="2026-01-01")
    assert bad_date.status_code == 400
    assert bad_date.context["issue_form"].errors["issued_on"]
    assert not CompetenceCertificate.objects.exists()
    assert _issue(client, setting).status_code == 302
    first = CompetenceCertificate.objects.get(period=setting.period)
    again = _issue(client, setting)
    assert again.status_code == 400
    assert CompetenceCertificate.objects.count() == 1
    url = f"/osaamistodistukset/{first.pk}/korjaa/"
    no_reason = client.post(url, {"reason": ""})
    assert no_reason.status_code == 400
    assert no_reason.context["correct_form"].errors["reason"]
    assert client.post(url, {"reason": "Väärä päivä", "language": "sv"}).status_code == 302
    second = CompetenceCertificate.objects.get(period=setting.period, version=2)
    assert second.supersedes == first
    assert second.language == "sv"
    stale = client.post(url, {"reason": "Taas"})
    assert stale.status_code == 400
    assert "Only the latest version of a certificate can be corrected." in stale.content.decode()
    assert CompetenceCertificate.objects.count() == 2
    assert _client(client_for, tenant_a, staff.coach2).post(url, {"reason": "x"}).status_code == 404


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def test_the_certificate_pdf_has_the_real_names_and_requirements(
    tenant_a, staff, setting, client_for
):
    from pypdf import PdfReader

    client = _client(client_for, tenant_a, staff.coach)
    _tick(client, setting)
    _tick(client, setting, requirement=setting.other, days=setting.days[2:])
    assert _issue(client, setting).status_code == 302
    certificate = CompetenceCertificate.objects.get()
    response = client.get(f"/osaamistodistukset/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    text = _pdf_text(content)
    trainee = setting.period.trainee
    assert f"{trainee.first_name} {trainee.last_name}" in text
    assert "Osaamistodistus" in text  # the certificate's language is Finnish
    assert tenant_a.name in text
    for requirement in (setting.requirement, setting.other):
        assert re.sub(r"\s+", " ", requirement.text_fi) in text
    assert "17.5.1990" in text
    assert "11.3.2026" in text
    assert "Riitta Tunnistaja" in text
    assert "Piha-yksikkö" in text
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # a tagged PDF
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for name in fonts:
        font = fonts[name].get_object()
        descendant = font.get("/DescendantFonts")
        descriptor = (
            descendant[0].get_object()["/FontDescriptor"] if descendant else font["/FontDescriptor"]
        )
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    exports = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="export")
    assert list(exports.values_list("object_id", "trainee_id")) == [
        (str(certificate.pk), trainee.pk)
    ]


def test_the_pdf_speaks_the_certificate_language(tenant_a, staff, setting, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    _tick(client, setting)
    assert _issue(client, setting, language="sv").status_code == 302
    certificate = CompetenceCertificate.objects.get()
    text = _pdf_text(client.get(f"/osaamistodistukset/{certificate.pk}/pdf/").content)
    assert "Kompetensintyg" in text


def test_the_pdf_is_refused_outside_the_reach(tenant_a, staff, setting, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    _tick(client, setting)
    _issue(client, setting)
    certificate = CompetenceCertificate.objects.get()
    url = f"/osaamistodistukset/{certificate.pk}/pdf/"
    assert _client(client_for, tenant_a, staff.coach2).get(url).status_code == 404
    assert _client(client_for, tenant_a, staff.supervisor).get(url).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_tick_made_by_mistake_is_withdrawn(tenant_a, staff, setting, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    _tick(client, setting)
    url = f"{setting.url}peru/"
    assert client.post(url, {"requirement": setting.other.pk}).status_code == 400  # not ticked
    assert client.post(url, {"requirement": "x"}).status_code == 400
    supervisor = _client(client_for, tenant_a, staff.supervisor)
    assert supervisor.post(url, {"requirement": setting.requirement.pk}).status_code == 403
    assert CompetenceRecord.objects.get(period=setting.period).reached
    assert client.post(url, {"requirement": setting.requirement.pk}).status_code == 302
    record = CompetenceRecord.objects.get(period=setting.period)
    assert not record.reached
    assert record.revision == 2
    assert "Tick withdrawn" in client.get(setting.url).content.decode()
    assert _tick(client, setting).status_code == 302  # ticked again: a new revision
