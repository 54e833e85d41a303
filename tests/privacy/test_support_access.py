"""Support access: a tenant admin's time-limited, audited grant to a platform operator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from privacy.models import AuditEvent
from privacy.services import support_access_grant, support_access_revoke
from tests.privacy.conftest import MARKER, client_of, public_user

pytestmark = pytest.mark.django_db


def _grant(world, **overrides):
    now = timezone.now()
    kwargs = {
        "actor": world.staff.admin,
        "operator_email": world.users["platform_operator"].email,
        "starts_at": now,
        "ends_at": now + timedelta(hours=4),
        "reason": "Tiketti 77",
        **overrides,
    }
    return support_access_grant(**kwargs)


def test_granting_is_audited(world):
    grant = _grant(world)
    event = AuditEvent.objects.get(
        action="support_access", object_id=str(grant.pk), object_type="privacy.supportaccessgrant"
    )
    assert (event.actor_id, event.purpose, event.detail["event"], event.detail["operator"]) == (
        world.staff.admin.pk,
        "Tiketti 77",
        "granted",
        world.users["platform_operator"].email,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"operator_email": "nobody@valmo.example"}, "operator_email"),
        ({"reason": "  "}, "reason"),
        ({"ends_at": timezone.now() - timedelta(minutes=1)}, "ends_at"),
        ({"ends_at": timezone.now() + timedelta(days=8)}, "ends_at"),
    ],
)
def test_a_grant_is_for_an_operator_with_a_reason_and_short(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        _grant(world, **overrides)
    assert list(error.value.message_dict) == [field]


def test_a_coordinator_is_not_an_operator(world):
    with pytest.raises(ValidationError):
        _grant(world, operator_email=world.users["regional_coordinator"].email)


def test_only_a_tenant_admin_grants(world):
    with pytest.raises(PermissionDenied):
        _grant(world, actor=world.staff.coach)


def test_the_operator_gets_in_only_while_granted(world, tenants):
    operator = world.users["platform_operator"]
    path = f"/api/v1/trainees/{world.own.trainee.pk}/"
    client, full_path = client_of(tenants.a, operator, path)
    assert client.get(full_path).status_code == 403
    grant = _grant(world)
    response = client.get(full_path)
    assert response.status_code == 200
    assert MARKER in response.content.decode()
    support_access_revoke(actor=world.staff.admin, grant=grant)
    assert client.get(full_path).status_code == 403
    assert AuditEvent.objects.filter(
        action="support_access", object_id=str(grant.pk), detail__event="revoked"
    ).exists()


def test_the_support_path_is_for_operators_only(world, tenants):
    coordinator = world.users["regional_coordinator"]
    from django.db import connection

    connection.set_schema_to_public()
    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    response = client.get(f"/support/{tenants.a.slug}/api/v1/trainees/")
    assert response.status_code == 403
    operator = public_user("platform_operator")
    client.force_login(operator)
    assert client.get("/support/nowhere/api/v1/trainees/").status_code == 404
    assert Client(HTTP_HOST="localhost").get(
        f"/support/{tenants.a.slug}/api/v1/trainees/"
    ).status_code in (302, 403)


def test_a_grant_in_one_municipality_opens_nothing_in_another(world, tenants):
    operator = world.users["platform_operator_granted"]
    client, path = client_of(tenants.b, operator, "/api/v1/trainees/")
    assert client.get(path).status_code == 403


def test_the_tenant_admin_grants_in_the_admin_through_the_service(world, tenants, client_for):
    admin_user = world.staff.admin
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    client = client_for(tenants.a, admin_user)
    now = timezone.localtime()
    ends = now + timedelta(hours=2)
    form = {
        "operator_email": world.users["platform_operator"].email,
        "starts_at_0": now.strftime("%d.%m.%Y"),
        "starts_at_1": now.strftime("%H:%M:%S"),
        "ends_at_0": ends.strftime("%d.%m.%Y"),
        "ends_at_1": ends.strftime("%H:%M:%S"),
        "reason": "Tiketti 88",
    }
    too_long = {**form, "ends_at_0": (now + timedelta(days=9)).strftime("%d.%m.%Y")}
    refused = client.post("/admin/privacy/supportaccessgrant/add/", too_long)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["ends_at"]
    response = client.post("/admin/privacy/supportaccessgrant/add/", form)
    assert response.status_code == 302, response.content[:1000]
    event = AuditEvent.objects.get(action="support_access", purpose="Tiketti 88")
    assert event.actor_id == admin_user.pk
    coach = world.staff.coach
    coach.is_staff = True
    coach.save(update_fields=["is_staff"])
    assert client_for(tenants.a, coach).get("/admin/privacy/supportaccessgrant/").status_code == 403
