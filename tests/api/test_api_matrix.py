"""The permission matrix and tenant isolation through the API's new endpoints.

For every role and every object endpoint the API must answer exactly what the permission
layer decides: 200 when ``can(user, action, obj)``, 404 when the role may use the action but
not on this object, 403 when the role may not use it at all. Tenant B's users (and tenant A's
session on B's host) get nothing with A's ids.
"""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.permissions import can
from tests.privacy.conftest import MARKER, OTHER_MARKER, ROLES, client_of

pytestmark = pytest.mark.django_db

HTTP_ROLES = [role for role in ROLES if role != "anonymous"]

# path template, the world's record whose id fills it, the action the endpoint reads under.
OBJECT_ENDPOINTS = [
    ("/api/v1/periods/{}/", "period", "period.view"),
    ("/api/v1/periods/{}/goals/", "period", "goal.view"),
    ("/api/v1/periods/{}/diary/", "period", "diary.view"),
    ("/api/v1/periods/{}/statuses/", "period", "trainee.social_welfare.view"),
    ("/api/v1/periods/{}/follow-ups/", "period", "period.view"),
    ("/api/v1/referrals/{}/", "referral", "referral.view"),
    ("/api/v1/trainees/{}/equipment/", "trainee", "equipment.view"),
    ("/api/v1/trainees/{}/lockers/", "trainee", "equipment.view"),
    ("/api/v1/periods/{}/competence-records/", "period", "competence.view"),
    ("/api/v1/periods/{}/certificates/", "period", "competence.view"),
    ("/api/v1/periods/{}/capacity-assessments/", "period", "capacity.view"),
    ("/api/v1/periods/{}/reports/", "period", "final_summary.view"),
]
LIST_ENDPOINTS = [
    ("/api/v1/referrals/", "referral.view"),
    ("/api/v1/activities/", "activity.manage"),
    ("/api/v1/work-orders/", "work_order.manage"),
    ("/api/v1/staff/", "account.administer"),
    ("/api/v1/work-units/", "configuration.view"),
    ("/api/v1/partner-organisations/", "configuration.view"),
    ("/api/v1/tasks/", "catalogue.view"),
    ("/api/v1/task-sectors/", "catalogue.view"),
    ("/api/v1/difficulty-levels/", "catalogue.view"),
]


def _expected(user, action: str, obj=None) -> int:
    connection.set_tenant(connection.tenant)
    if can(user, action, obj):
        return 200
    return 404 if obj is not None and can(user, action) else 403


@pytest.mark.parametrize("role", HTTP_ROLES)
def test_object_endpoints_answer_what_the_permission_layer_decides(world, tenants, role):
    user = world.users[role]
    mismatches = []
    for template, attribute, action in OBJECT_ENDPOINTS:
        for records, secret in ((world.own, MARKER), (world.other, OTHER_MARKER)):
            obj = getattr(records, attribute)
            connection.set_tenant(tenants.a)
            expected = _expected(user, action, obj)
            client, path = client_of(tenants.a, user, template.format(obj.pk))
            response = client.get(path)
            connection.set_tenant(tenants.a)
            if response.status_code != expected:
                mismatches.append((path, expected, response.status_code))
            if response.status_code != 200:
                assert secret not in response.content.decode(errors="replace"), path
                assert response["Content-Type"] == "application/problem+json", path
    assert mismatches == []


@pytest.mark.parametrize("role", HTTP_ROLES)
def test_list_endpoints_answer_what_the_permission_layer_decides(world, tenants, role):
    user = world.users[role]
    for path, action in LIST_ENDPOINTS:
        connection.set_tenant(tenants.a)
        expected = _expected(user, action)
        client, full_path = client_of(tenants.a, user, path)
        assert client.get(full_path).status_code == expected, (role, path)
        connection.set_tenant(tenants.a)


def test_coach_lists_only_the_own_groups_referrals(world, tenants, client_for):
    coach = client_for(tenants.a, world.staff.coach)
    body = coach.get("/api/v1/referrals/").json()
    ids = {row["id"] for row in body["results"]}
    assert world.own.referral.pk in ids
    assert world.other.referral.pk not in ids


@pytest.mark.parametrize("role", ["tenant_admin", "work_coach", "career_agent", "trainee"])
def test_tenant_b_gets_nothing_with_tenant_a_ids(world, tenants, make_user, client_for, role):
    user_b = make_user(tenants.b, role=role)
    client_b = client_for(tenants.b, user_b)
    for template, attribute, _ in OBJECT_ENDPOINTS:
        path = template.format(getattr(world.own, attribute).pk)
        response = client_b.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert MARKER not in response.content.decode(errors="replace")
    for path, _ in LIST_ENDPOINTS:
        assert MARKER not in client_b.get(path).content.decode(errors="replace")
    # Tenant A's session cookie on tenant B's host is nobody there.
    connection.set_tenant(tenants.a)
    session_of_a = client_for(tenants.a, world.users["tenant_admin"])
    session_of_a.defaults["HTTP_HOST"] = tenants.b.get_primary_domain().domain
    for template, attribute, _ in OBJECT_ENDPOINTS:
        response = session_of_a.get(template.format(getattr(world.own, attribute).pk))
        assert response.status_code == 403
    connection.set_tenant(tenants.a)
