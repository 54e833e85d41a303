"""Configuration writes through the API: sites, work units, partner organisations."""

from __future__ import annotations

import pytest

from coaching.models import PartnerOrganisation, Site, WorkUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world, tenants, client_for):
    client = client_for(tenants.a, world.staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_admin_adds_and_changes_sites_and_units_with_if_match(world, admin):
    created = admin.post("/api/v1/sites/", {"name": "Kierrätyskeskus"}, "application/json")
    assert created.status_code == 201, created.content
    site = created.json()
    duplicate = admin.post("/api/v1/sites/", {"name": "kierrätyskeskus"}, "application/json")
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"][0]["field"] == "name"

    path = f"/api/v1/sites/{site['id']}/"
    etag = admin.get(path)["ETag"]
    change = {"address": "Teollisuuskatu 7"}
    assert admin.patch(path, change, "application/json").status_code == 428
    changed = admin.patch(path, change, "application/json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert Site.objects.get(pk=site["id"]).address == "Teollisuuskatu 7"
    assert admin.patch(path, change, "application/json", HTTP_IF_MATCH=etag).status_code == 412

    unit = {"name": "Puistoyksikkö", "site": site["id"], "contact_name": "Pekka Puisto"}
    no_contact = admin.post(
        "/api/v1/work-units/", {**unit, "contact_name": " "}, "application/json"
    )
    assert no_contact.status_code == 400
    assert no_contact.json()["errors"][0]["field"] == "contact_name"
    wrong_role = admin.post(
        "/api/v1/work-units/", {**unit, "supervisor": world.staff.coach.pk}, "application/json"
    )
    assert wrong_role.json()["errors"][0]["field"] == "supervisor"
    made = admin.post(
        "/api/v1/work-units/",
        {**unit, "supervisor": world.staff.supervisor.pk},
        "application/json",
    )
    assert made.status_code == 201, made.content
    unit_path = f"/api/v1/work-units/{made.json()['id']}/"
    etag = admin.get(unit_path)["ETag"]
    replaced = admin.put(
        unit_path,
        {**unit, "contact_name": "Paula Puisto", "is_active": False},
        "application/json",
        HTTP_IF_MATCH=etag,
    )
    assert replaced.status_code == 200, replaced.content
    row = WorkUnit.objects.get(pk=made.json()["id"])
    assert (row.contact_name, row.is_active, row.supervisor) == ("Paula Puisto", False, None)
    listed = [r["id"] for r in admin.get("/api/v1/work-units/").json()["results"]]
    assert row.pk in listed


def test_partner_organisations_and_who_may_write(world, tenants, admin, client_for):
    created = admin.post(
        "/api/v1/partner-organisations/",
        {"name": "Kolmas sektori ry", "kind": "association"},
        "application/json",
    )
    assert created.status_code == 201, created.content
    path = f"/api/v1/partner-organisations/{created.json()['id']}/"
    etag = admin.get(path)["ETag"]
    retired = admin.patch(path, {"is_active": False}, "application/json", HTTP_IF_MATCH=etag)
    assert retired.status_code == 200
    assert PartnerOrganisation.objects.get(pk=created.json()["id"]).is_active is False

    coach = client_for(tenants.a, world.staff.coach)
    assert coach.post("/api/v1/sites/", {"name": "X"}, "application/json").status_code == 403
    assert (
        coach.post("/api/v1/work-units/", {"name": "X", "contact_name": "Y"}, "application/json")
    ).status_code == 403
    trainee = client_for(tenants.a, world.users["trainee"])
    assert trainee.get("/api/v1/work-units/").status_code == 403
    assert not Site.objects.filter(name="X").exists()
