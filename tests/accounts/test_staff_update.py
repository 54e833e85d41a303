"""Changing a staff member's role and activity: the rules that keep a municipality workable."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.models import User
from accounts.services import staff_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin(tenant_a, make_user):
    return make_user(tenant_a, role="tenant_admin", is_staff=True)


def test_an_admin_changes_a_role_and_details(tenant_a, make_user, admin):
    agent = make_user(tenant_a, role="career_agent")

    staff_update(actor=admin, user=agent, role="work_coach", title=" Työvalmentaja ")

    agent.refresh_from_db()
    assert (agent.role, agent.title, agent.is_staff) == ("work_coach", "Työvalmentaja", False)


def test_a_deactivated_account_is_signed_out_on_its_next_request(
    tenant_a, make_user, admin, client_for
):
    coach = make_user(tenant_a, role="work_coach")
    client = client_for(tenant_a, coach)
    assert client.get("/tanaan/").status_code == 200

    staff_update(actor=admin, user=coach, is_active=False)

    response = client.get("/tanaan/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": "tenant_admin"}, "role", "You cannot change your own role."),
        ({"is_active": False}, "is_active", "You cannot deactivate your own account."),
    ],
)
def test_nobody_changes_their_own_role_or_switches_themselves_off(
    tenant_a, make_user, admin, changes, field, message
):
    other_admin = make_user(tenant_a, role="tenant_admin")
    if "role" in changes:
        changes = {"role": "work_coach"}

    with pytest.raises(ValidationError) as excinfo:
        staff_update(actor=admin, user=admin, **changes)

    assert excinfo.value.message_dict == {field: [message]}
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == ("tenant_admin", True)
    assert other_admin.is_active


def test_the_last_active_admin_stays_an_active_admin(tenant_a, make_user, admin):
    second = make_user(tenant_a, role="tenant_admin")
    others = User.objects.filter(role="tenant_admin").exclude(pk__in=[admin.pk, second.pk])
    others.update(is_active=False)  # the municipality's own admins are off for this test
    staff_update(actor=second, user=admin, is_active=False)  # two admins: one may go

    with pytest.raises(ValidationError) as excinfo:
        staff_update(actor=admin, user=second, role="work_coach")

    # As when two admins switch each other off at once: the second call, serialised behind
    # the first, comes from an admin who is no longer active and must not leave none.
    assert excinfo.value.message_dict == {
        "role": ["The last active administrator must stay an active administrator."]
    }


def test_roles_outside_the_staff_roles_are_refused(tenant_a, make_user, admin):
    coach = make_user(tenant_a, role="work_coach")
    trainee_user = make_user(tenant_a, role="trainee")

    with pytest.raises(ValidationError) as excinfo:
        staff_update(actor=admin, user=coach, role="platform_operator")
    assert "role" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        staff_update(actor=admin, user=trainee_user, is_active=False)
    assert User.objects.get(pk=trainee_user.pk).is_active


def test_only_an_administrator_changes_staff(tenant_a, make_user):
    coach = make_user(tenant_a, role="work_coach")
    other = make_user(tenant_a, role="work_coach")

    with pytest.raises(PermissionDenied):
        staff_update(actor=coach, user=other, is_active=False)
