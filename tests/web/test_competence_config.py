"""Competence configuration screens: frameworks, recognitions and the task mapping."""

# ruff: noqa: F811 - the fixtures imported from tests.competence.conftest are parameters here

from __future__ import annotations

import pytest

from competence import services
from competence.models import LearningEnvironment, RecognisedRequirement, WorkTaskRequirement
from tests.competence.conftest import (  # noqa: F401 - fixtures used by these tests
    import_peruste,
    newer_version,
    peruste,
    peruste_data,
    recognise,
    site,
    tasks,
    yard_unit,
)

pytestmark = pytest.mark.django_db

YARD_UNIT = 9100202


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_frameworks_are_browsed_by_version_with_supersession(tenant_a, staff, peruste, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    listing = client.get("/tutkinnot/")
    assert listing.status_code == 200
    assert peruste.qualification.name_fi in listing.content.decode()
    url = f"/tutkinnot/{peruste.qualification.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    old_text = peruste.requirement("a9201").text_fi
    assert old_text in first.content.decode()
    page = first.context["page"]
    assert page.version.sequence == 1
    assert page.requirement_count == sum(len(u.requirements) for u in page.units) > 0

    import_peruste(newer_version(peruste_data(), yard_text="Uusi vaatimusteksti pihalle"))
    second = client.get(url)
    html = second.content.decode()
    assert second.context["page"].version.sequence == 2
    assert "Uusi vaatimusteksti pihalle" in html
    assert "Replaced by" in html  # the superseded row and its successor
    assert old_text in html
    again = client.get(f"{url}?versio=1")
    assert "Uusi vaatimusteksti pihalle" not in again.content.decode()
    assert old_text in again.content.decode()
    assert client.get(f"{url}?versio=x").status_code == 400
    assert client.get(f"{url}?versio=9").status_code == 404


def _recognition_data(peruste, place, **extra):
    data = {
        "tutkinto": peruste.qualification.pk,
        "site": place,
        "recogniser_name": "Riitta Tunnistaja",
        "recogniser_title": "Opettaja",
        "recogniser_organisation": "Riveria",
        "recognised_on": "2026-02-01",
        "report_url": "https://example.org/paikko/1",
        "units": [str(peruste.unit(YARD_UNIT).pk)],
    }
    data.update(extra)
    return data


def test_a_recognition_is_made_in_one_submit(tenant_a, staff, peruste, yard_unit, client_for):
    client = _client(client_for, tenant_a, staff.admin)
    assert client.get("/oppimisymparistot/uusi/").status_code == 200
    form = client.get(f"/oppimisymparistot/uusi/?tutkinto={peruste.qualification.pk}")
    assert form.status_code == 200
    assert peruste.requirement("a9201").text_fi in form.content.decode()
    response = client.post(
        "/oppimisymparistot/uusi/", _recognition_data(peruste, f"unit-{yard_unit.pk}")
    )
    assert response.status_code == 302
    environment = LearningEnvironment.objects.get()
    assert environment.work_unit == yard_unit
    assert environment.recogniser_title == "Opettaja"
    assert environment.report_url == "https://example.org/paikko/1"
    unit_rows = peruste.unit(YARD_UNIT).requirements.count()
    assert RecognisedRequirement.objects.filter(environment=environment).count() == unit_rows
    detail = client.get(response["Location"])
    assert "Riveria" in detail.content.decode()
    listing = client.get("/oppimisymparistot/").content.decode()
    assert yard_unit.name in listing


def test_recognition_errors_are_400_at_their_field_and_write_nothing(
    tenant_a, staff, peruste, yard_unit, client_for
):
    client = _client(client_for, tenant_a, staff.admin)
    place = f"unit-{yard_unit.pk}"
    cases = {
        "recogniser_name": {"recogniser_name": ""},
        "recognised_on": {"recognised_on": "2099-01-01"},
        "report_url": {"report_url": "ftp://example.org"},
        "requirements": {"units": []},
        "site": {"site": "unit-999999"},
    }
    for field, change in cases.items():
        response = client.post(
            "/oppimisymparistot/uusi/", _recognition_data(peruste, place, **change)
        )
        assert response.status_code == 400, field
        assert field in response.context["form"].errors, (field, response.context["form"].errors)
    assert not LearningEnvironment.objects.exists()
    missing = client.get("/oppimisymparistot/uusi/?tutkinto=999999")
    assert missing.status_code == 404


def test_requirements_are_added_to_a_recognition(
    tenant_a, staff, peruste, recognise, yard_unit, client_for
):
    first = peruste.requirement("a9201")
    environment = recognise(work_unit=yard_unit, requirements=[first])
    second = peruste.requirement("a9202")
    client = _client(client_for, tenant_a, staff.coach)
    url = f"/oppimisymparistot/{environment.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["recognised"] == {first.pk}
    response = client.post(url, {"requirements": [str(second.pk)]})
    assert response.status_code == 302
    assert set(environment.requirements.values_list("pk", flat=True)) == {first.pk, second.pk}
    bad = client.post(url, {"requirements": ["999999"]})
    assert bad.status_code == 400


def test_the_task_mapping_is_saved_per_qualification(tenant_a, staff, peruste, tasks, client_for):
    client = _client(client_for, tenant_a, staff.admin)
    listing = client.get("/tehtavien-osaaminen/")
    assert listing.status_code == 200
    assert tasks.yard.name in listing.content.decode()
    url = f"/tehtavien-osaaminen/{tasks.yard.pk}/"
    assert client.get(url).status_code == 200
    chosen = [peruste.requirement("a9201"), peruste.requirement("a9202")]
    response = client.post(
        url,
        {"tutkinto": peruste.qualification.pk, "requirements": [str(r.pk) for r in chosen]},
    )
    assert response.status_code == 302
    links = WorkTaskRequirement.objects.filter(task=tasks.yard)
    assert set(links.values_list("requirement_id", flat=True)) == {r.pk for r in chosen}
    page = client.get(f"{url}?tutkinto={peruste.qualification.pk}")
    assert page.context["chosen"] == {r.pk for r in chosen}
    # Unticking one keeps the other (and its mapped_by).
    client.post(url, {"tutkinto": peruste.qualification.pk, "requirements": [str(chosen[0].pk)]})
    assert list(links.values_list("requirement_id", flat=True)) == [chosen[0].pk]
    # A superseded row may stay mapped (and is shown as such) but not be newly mapped.
    import_peruste(newer_version(peruste_data(), yard_text="Uusi teksti"))
    page = client.get(f"{url}?tutkinto={peruste.qualification.pk}")
    assert [row.pk for row in page.context["superseded"]] == [chosen[0].pk]
    data = {"tutkinto": peruste.qualification.pk, "requirements": [str(chosen[0].pk)]}
    assert client.post(url, data).status_code == 302  # kept as it was
    assert list(links.values_list("requirement_id", flat=True)) == [chosen[0].pk]
    client.post(url, {"tutkinto": peruste.qualification.pk})
    assert not links.exists()
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "requirements" in refused.context["form"].errors
    assert not links.exists()


def test_roles_and_navigation(tenant_a, staff, peruste, tasks, client_for):
    for user in (staff.supervisor,):
        client = _client(client_for, tenant_a, user)
        for url in ("/tutkinnot/", "/oppimisymparistot/", "/tehtavien-osaaminen/"):
            assert client.get(url).status_code == 403, url
    coach = _client(client_for, tenant_a, staff.coach).get("/oppimisymparistot/")
    assert 'href="/oppimisymparistot/"' in coach.content.decode()
    services.work_task_requirements_set(
        actor=staff.coach, task=tasks.yard, requirements=[peruste.requirement("a9201")]
    )
    assert WorkTaskRequirement.objects.filter(task=tasks.yard).count() == 1
