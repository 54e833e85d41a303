"""The read-only capacity admin on municipality hosts."""

from __future__ import annotations

import pytest

from competence.capacity.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(tenant_a, make_user, client_for):
    admin = make_user(tenant_a, role="tenant_admin", is_staff=True, is_superuser=True)
    return client_for(tenant_a, admin)


def test_instrument_content_is_shown_read_only(admin_client, coach_version):
    listing = admin_client.get("/admin/capacity/instrument/")
    version_page = admin_client.get(f"/admin/capacity/instrumentversion/{coach_version.pk}/change/")

    assert listing.status_code == 200
    assert "valmo-coach-observation" in listing.content.decode()
    assert version_page.status_code == 200
    assert "Saapuu sovitusti ajoissa" in version_page.content.decode()
    assert 'name="_save"' not in version_page.content.decode()
    assert admin_client.get("/admin/capacity/instrument/add/").status_code == 403


def test_admin_action_takes_an_instrument_out_of_use_through_the_service(
    admin_client, coach_version
):
    response = admin_client.post(
        "/admin/capacity/instrument/",
        {"action": "take_out_of_use", "_selected_action": [coach_version.instrument_id]},
    )

    assert response.status_code == 302
    assert Instrument.objects.get(pk=coach_version.instrument_id).is_active is False


def test_capacity_models_are_not_on_the_public_host(tenants):
    from django.db import connection
    from django.test import Client

    from accounts.models import User

    connection.set_schema_to_public()
    operator = User.objects.create_superuser(email="op-capacity@example.fi", password="x" * 12)
    client = Client(HTTP_HOST="localhost")
    client.force_login(operator)

    index = client.get("/admin/")

    assert index.status_code == 200
    assert "/admin/capacity/" not in index.content.decode()
