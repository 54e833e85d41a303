"""Competence writes through the API: ticks, the trainee's acknowledgement, certificates."""

from __future__ import annotations

import pytest

from competence.models import CompetenceCertificate, CompetenceRecord
from tests.competence.conftest import DAY1, DAY2
from tests.competence.test_recognition import YARD_UNIT

pytestmark = pytest.mark.django_db

SIGNER = {"name": "Veera Valmentaja", "title": "Työvalmentaja", "organisation": "Testikunta A"}


@pytest.fixture
def setting(staff, make_period, make_trainee, peruste, tasks, log_day, recognise, yard_unit):
    from coaching.models import CoachingPeriod

    recognise(work_unit=yard_unit, units=[peruste.unit(YARD_UNIT)])
    period = make_period("coaching", trainee=make_trainee())
    CoachingPeriod.objects.filter(pk=period.pk).update(coach=staff.coach)
    first = log_day(period, DAY1, tasks.yard)
    second = log_day(period, DAY2, tasks.yard)
    return period, peruste, [first, second]


@pytest.fixture
def coach(staff, tenants, client_for):
    client = client_for(tenants.a, staff.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_tick_change_untick_and_certificate(setting, coach):
    period, qualification, days = setting
    requirement = qualification.requirement("a9201")
    path = f"/api/v1/periods/{period.pk}/competence-records/"
    tick = {"requirement": requirement.pk, "evidence": [days[0].pk], "additional_information": "x"}
    created = coach.post(path, tick, content_type="application/json")
    assert created.status_code == 201, created.content
    record = created.json()
    assert record["reached"] is True
    assert record["evidence"] == [days[0].pk]
    assert record["reached_on"] == DAY1.isoformat()

    again = coach.post(path, tick, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["errors"][0]["field"] == "requirement"

    detail_path = f"/api/v1/competence-records/{record['id']}/"
    etag = coach.get(detail_path)["ETag"]
    change = {"evidence": [days[0].pk, days[1].pk], "reached_on": DAY2.isoformat()}
    assert coach.patch(detail_path, change, content_type="application/json").status_code == 428
    changed = coach.patch(detail_path, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed.json()["evidence"] == [days[0].pk, days[1].pk]
    assert changed["ETag"] != etag
    stale = coach.patch(detail_path, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert CompetenceRecord.objects.get(pk=record["id"]).revision == 2

    issued = coach.post(
        f"/api/v1/periods/{period.pk}/certificates/",
        {"signers": [SIGNER], "issued_on": DAY2.isoformat()},
        content_type="application/json",
    )
    assert issued.status_code == 201, issued.content
    certificate = issued.json()
    assert certificate["version"] == 1
    twice = coach.post(
        f"/api/v1/periods/{period.pk}/certificates/",
        {"signers": [SIGNER]},
        content_type="application/json",
    )
    assert twice.status_code == 400
    assert twice.json()["errors"][0]["field"] == "period"
    no_reason = coach.post(
        f"/api/v1/certificates/{certificate['id']}/correct/",
        {"reason": " "},
        content_type="application/json",
    )
    assert no_reason.status_code == 400
    corrected = coach.post(
        f"/api/v1/certificates/{certificate['id']}/correct/",
        {"reason": "Päivämäärä"},
        content_type="application/json",
    )
    assert corrected.status_code == 201, corrected.content
    assert corrected.json()["version"] == 2
    assert CompetenceCertificate.objects.filter(period=period).count() == 2

    withdrawn = coach.post(f"/api/v1/competence-records/{record['id']}/untick/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["reached"] is False


def test_evidence_of_another_period_and_unknown_requirements_are_refused(
    setting, coach, make_period, make_trainee, log_day, tasks
):
    period, qualification, days = setting
    other = make_period("coaching", trainee=make_trainee())
    foreign = log_day(other, DAY1, tasks.yard)
    path = f"/api/v1/periods/{period.pk}/competence-records/"
    requirement = qualification.requirement("a9201")
    foreign_tick = {"requirement": requirement.pk, "evidence": [foreign.pk]}
    response = coach.post(path, foreign_tick, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "evidence"
    unknown = coach.post(
        path, {"requirement": 10**9, "evidence": [days[0].pk]}, content_type="application/json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "requirement"
    assert not CompetenceRecord.objects.exists()


def test_the_trainee_acknowledges_and_cannot_tick(world, tenants, client_for):
    trainee = client_for(tenants.a, world.users["trainee"])
    period = world.own.period
    tick = {"requirement": 1, "evidence": [world.own.entry.pk]}
    path = f"/api/v1/periods/{period.pk}/competence-records/"
    assert trainee.post(path, tick, content_type="application/json").status_code == 403
    acknowledged = trainee.post(f"{path}acknowledge/")
    assert acknowledged.status_code == 200
    assert acknowledged.json() == {"acknowledged": 0}
    coach = client_for(tenants.a, world.own.coach)
    assert coach.post(f"{path}acknowledge/").status_code == 403
