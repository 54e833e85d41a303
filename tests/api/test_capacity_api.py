"""The capacity indicator through the API: entering an assessment, reading it, the change."""

from __future__ import annotations

from datetime import timedelta

import pytest

from competence.capacity.models import Assessment, Instrument, InstrumentVersion
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _version(code: str) -> InstrumentVersion:
    version = (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM, instrument__code=code
        )
        .order_by("-number")
        .first()
    )
    assert version is not None
    return version


def _codes(version) -> list[str]:
    return list(
        version.items.order_by("dimension__position", "position").values_list("code", flat=True)
    )


def _body(version, period, occasion: str, value, **extra) -> dict:
    return {
        "version": version.pk,
        "occasion": occasion,
        "rater_type": "coach",
        "assessed_on": (period.start_on + timedelta(days=3)).isoformat(),
        "answers": dict.fromkeys(_codes(version), value),
        **extra,
    }


@pytest.fixture
def coach(world, tenants, client_for):
    client = client_for(tenants.a, world.own.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_coach_enters_reads_and_compares_assessments(world, tenants, coach):
    version = _version("valmo-coach-observation")
    period = world.own.period
    path = f"/api/v1/periods/{period.pk}/capacity-assessments/"
    codes = _codes(version)
    body = _body(version, period, "baseline", 2)
    body["answers"][codes[0]] = "not_observed"
    del body["answers"][codes[1]]
    created = coach.post(path, body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["rater"] == world.own.coach.pk
    assert data["answers"][codes[0]] == "not_observed"
    assert codes[1] not in data["answers"]
    assert data["scores"]
    assert sum(score["missing"] for score in data["scores"]) == 1
    assert sum(score["not_observed"] for score in data["scores"]) == 1

    # Re-sending before it is final replaces the same assessment (200, not a second row).
    again = coach.post(path, _body(version, period, "baseline", 2), content_type="application/json")
    assert again.status_code == 200, again.content
    assert again.json()["id"] == data["id"]
    assert Assessment.objects.filter(period=period).count() == 1

    final = coach.post(
        path, _body(version, period, "final", 4, finalise=True), content_type="application/json"
    )
    assert final.status_code == 201, final.content
    assert final.json()["is_final"] is True

    listed = coach.get(path, {"occasion": "final"}).json()["results"]
    assert [row["id"] for row in listed] == [final.json()["id"]]
    detail = coach.get(f"/api/v1/capacity-assessments/{data['id']}/")
    assert detail.status_code == 200
    assert detail["ETag"]

    change = coach.get(
        f"/api/v1/periods/{period.pk}/capacity-change/",
        {
            "instrument": version.instrument_id,
            "rater_type": "coach",
            "from_occasion": "baseline",
            "to_occasion": "final",
        },
    )
    assert change.status_code == 200, change.content
    dimensions = change.json()["dimensions"]
    assert dimensions
    assert all(dimension["change"] == "2.00" for dimension in dimensions)
    assert AuditEvent.objects.filter(trainee_id=period.trainee_id, section="capacity").exists()

    # A final assessment is refused by the service, with its field and message.
    refused = coach.post(path, _body(version, period, "final", 3), content_type="application/json")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "occasion"


def test_bad_answers_and_missing_occasions_are_400_naming_the_field(world, coach):
    version = _version("valmo-coach-observation")
    period = world.own.period
    path = f"/api/v1/periods/{period.pk}/capacity-assessments/"
    bad = coach.post(path, _body(version, period, "baseline", 99), content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "answers"
    assert not Assessment.objects.filter(period=period).exists()
    future = _body(version, period, "baseline", 3, assessed_on="2999-01-01")
    assert coach.post(path, future, content_type="application/json").status_code == 400
    unknown = coach.post(
        path,
        {**_body(version, period, "baseline", 3), "version": 10**9},
        content_type="application/json",
    )
    assert unknown.json()["errors"][0]["field"] == "version"
    change = coach.get(
        f"/api/v1/periods/{period.pk}/capacity-change/",
        {
            "instrument": version.instrument_id,
            "rater_type": "coach",
            "from_occasion": "baseline",
            "to_occasion": "final",
        },
    )
    assert change.status_code == 400
    assert change.json()["errors"][0]["field"] == "from_occasion"


def test_a_trainee_enters_only_a_self_assessment_and_a_coach_only_the_own_group(
    world, tenants, coach, client_for
):
    version = _version("valmo-coach-observation")
    period = world.own.period
    path = f"/api/v1/periods/{period.pk}/capacity-assessments/"
    trainee = client_for(tenants.a, world.users["trainee"])
    body = _body(version, period, "baseline", 3)
    assert trainee.post(path, body, content_type="application/json").status_code == 403
    assert trainee.get(path).status_code == 200
    other = world.other.period
    other_path = f"/api/v1/periods/{other.pk}/capacity-assessments/"
    response = coach.post(
        other_path, _body(version, other, "baseline", 3), content_type="application/json"
    )
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_another_groups_coach_gets_404_for_the_assessment_and_the_change(
    world, tenants, coach, client_for
):
    version = _version("valmo-coach-observation")
    period = world.own.period
    created = coach.post(
        f"/api/v1/periods/{period.pk}/capacity-assessments/",
        _body(version, period, "baseline", 3),
        content_type="application/json",
    )
    assert created.status_code == 201
    other = client_for(tenants.a, world.staff.coach2)
    detail = other.get(f"/api/v1/capacity-assessments/{created.json()['id']}/")
    assert detail.status_code == 404
    change = other.get(
        f"/api/v1/periods/{period.pk}/capacity-change/",
        {
            "instrument": version.instrument_id,
            "rater_type": "coach",
            "from_occasion": "baseline",
            "to_occasion": "baseline",
        },
    )
    assert change.status_code == 404
    supervisor = client_for(tenants.a, world.staff.supervisor)
    assert (
        supervisor.get(f"/api/v1/capacity-assessments/{created.json()['id']}/").status_code == 200
    )
