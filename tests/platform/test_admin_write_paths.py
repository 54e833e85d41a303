"""No model that a service writes can be written through the admin without that service.

Walks every registered admin page (one admin site serves the public host and every
municipality host) in the schema it belongs to, with a user whom the permission layer allows
everything: what is left is what the admin pages themselves let through. A service-written
model (found by reading the services, see ``tests/service_writes.py``) may be added, changed
or deleted only where its admin names the operation in ``service_writes`` and routes it
through the service (overrides ``save_model`` / ``delete_model``), and never in an inline.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client

from accounts import permissions
from accounts.models import User
from coaching.models import (
    ActivityType,
    CoachingPeriod,
    CoachingSettings,
    DailyEntry,
    DifficultyLevel,
    EquipmentType,
    ParticipationStatus,
    ServiceForm,
    Site,
    TargetGroup,
    Trainee,
    WorkTask,
    WorkTaskLevel,
    WorkUnit,
)
from competence.models import CompetenceCertificate
from tests.conftest import host_of
from tests.service_writes import service_written_models
from valmo.admin_scoping import PublicAdminMixin, TenantAdminMixin

pytestmark = pytest.mark.django_db

OPERATIONS = ("add", "change", "delete")


def test_the_scan_finds_service_written_models_and_leaves_configuration_alone():
    written = service_written_models()
    assert {DailyEntry, CoachingPeriod, CompetenceCertificate, CoachingSettings, Trainee} <= written
    # Sites and work units have services since the setup screens (issue #11).
    assert {Site, WorkUnit} <= written
    # The task catalogue has its services since the catalogue screens (issues #11, #14).
    assert {WorkTask, WorkTaskLevel, DifficultyLevel} <= written
    # Participation statuses, service forms and target groups since their setup screens.
    assert {ParticipationStatus, ServiceForm, TargetGroup} <= written
    # Configuration without a service stays editable in the admin.
    assert not {ActivityType, EquipmentType} & written


def _registered():
    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


def _schemas_of(model_admin) -> list[str]:
    if isinstance(model_admin, PublicAdminMixin):
        return ["public"]
    if isinstance(model_admin, TenantAdminMixin):
        return ["tenant"]
    return ["public", "tenant"]


def _allowed(model_admin, request, obj) -> set[str]:
    found = set()
    if model_admin.has_add_permission(request, *([obj] if _is_inline(model_admin) else [])):
        found.add("add")
    if model_admin.has_change_permission(request, obj):
        found.add("change")
    if model_admin.has_delete_permission(request, obj):
        found.add("delete")
    return found


def _is_inline(model_admin) -> bool:
    return isinstance(model_admin, admin.options.InlineModelAdmin)


def _routes(model_admin, operation: str) -> bool:
    """Tell whether the admin overrides the hooks that perform ``operation``."""
    cls = type(model_admin)
    if operation in ("add", "change"):
        return cls.save_model is not admin.ModelAdmin.save_model
    return (
        cls.delete_model is not admin.ModelAdmin.delete_model
        and cls.delete_queryset is not admin.ModelAdmin.delete_queryset
    )


@pytest.fixture
def everything_allowed(monkeypatch):
    """Let the permission layer allow every action, so only the admin pages decide."""
    monkeypatch.setattr(permissions, "can", lambda user, action, obj=None: True)


@pytest.fixture
def request_as_superuser(rf):
    request = rf.post("/admin/")
    request.user = User(
        email="root@example.fi", role="tenant_admin", is_staff=True, is_superuser=True
    )
    return request


@pytest.mark.parametrize("schema", ["public", "tenant"])
def test_no_admin_page_writes_a_service_model_without_its_service(
    tenants, tenant_a, everything_allowed, request_as_superuser, schema
):
    if schema == "public":
        connection.set_schema_to_public()
    else:
        connection.set_tenant(tenants.a)
    written = service_written_models()
    request = request_as_superuser
    problems: list[str] = []
    checked = 0
    for model, model_admin in _registered():
        if schema not in _schemas_of(model_admin):
            continue
        checked += 1
        label = model._meta.label
        for obj in (None, model()):
            allowed = _allowed(model_admin, request, obj)
            if obj is None:
                allowed.discard("change")  # changelist level; checked on a row below
                if model_admin.list_editable and model_admin.has_change_permission(request):
                    allowed.add("change")
            if model in written:
                declared = getattr(model_admin, "service_writes", frozenset())
                for operation in sorted(allowed):
                    if operation not in declared:
                        problems.append(f"{label}: admin can {operation} without its service")
                    elif not _routes(model_admin, operation):
                        problems.append(f"{label}: {operation} declared but not routed")
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            if inline.model not in written:
                continue
            allowed = _allowed(inline, request, model())
            for operation in sorted(allowed):
                problems.append(
                    f"{label} inline {inline.model._meta.label}: can {operation} "
                    "without its service"
                )
    assert checked > 10
    assert not sorted(set(problems)), "\n".join(sorted(set(problems)))


# --- The admin, as a tenant admin uses it ---------------------------------------------------


@pytest.fixture
def admin_client(tenant_a, make_user):
    user = make_user(tenant_a, role="tenant_admin", is_staff=True)
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.force_login(user)
    return client


def test_a_daily_entry_cannot_be_added_through_the_admin(admin_client):
    response = admin_client.post(
        "/admin/coaching/dailyentry/add/",
        {"date": "2099-01-01", "attendance": "present", "hours": "12"},
    )

    assert response.status_code == 403
    assert not DailyEntry.objects.filter(hours=Decimal(12)).exists()


def test_coaching_settings_are_saved_through_the_service_with_translated_errors(admin_client):
    url = "/admin/coaching/coachingsettings/"
    row = CoachingSettings.objects.first()
    target = f"{url}{row.pk}/change/" if row else f"{url}add/"
    data = {
        "group_size_soft_limit": "20",
        "group_size_hard_limit": "10",
        "follow_up_months": "3",
    }

    response = admin_client.post(target, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors
    assert errors["group_size_soft_limit"] == [
        "The soft group limit cannot be above the hard group limit."
    ]
    assert "coachingsettings_limits_order" not in response.content.decode()

    response = admin_client.post(target, {**data, "group_size_soft_limit": "8"})

    assert response.status_code == 302
    saved = CoachingSettings.objects.get()
    assert (saved.group_size_soft_limit, saved.group_size_hard_limit) == (8, 10)


def test_a_trainee_is_added_and_changed_in_the_admin_through_the_service(admin_client):
    url = "/admin/coaching/trainee/"
    data = {
        "first_name": "Aino",
        "last_name": "Admintesti",
        "personal_identity_code": "131052-308T",
    }

    response = admin_client.post(f"{url}add/", data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200  # the form again: codes are not enabled by default
    errors = response.context["adminform"].form.errors
    assert errors["personal_identity_code"] == [
        "The municipality has not enabled storing personal identity codes; leave the field empty."
    ]
    assert not Trainee.objects.filter(last_name="Admintesti").exists()

    response = admin_client.post(f"{url}add/", {**data, "personal_identity_code": ""})

    assert response.status_code == 302
    trainee = Trainee.objects.get(last_name="Admintesti")
    response = admin_client.post(
        f"{url}{trainee.pk}/change/",
        {**data, "personal_identity_code": "", "date_of_birth": "2099-01-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date_of_birth"] == [
        "Enter a date of birth in the past."
    ]
    response = admin_client.post(
        f"{url}{trainee.pk}/change/", {**data, "personal_identity_code": "", "phone": "040 1"}
    )
    assert response.status_code == 302
    trainee.refresh_from_db()
    assert trainee.phone == "040 1"


def test_a_staff_member_is_changed_in_the_admin_through_the_service(
    tenant_a, make_user, client_for
):
    admin_user = make_user(tenant_a, role="tenant_admin", is_staff=True)
    admin_client = client_for(tenant_a, admin_user)
    coach = make_user(tenant_a, role="work_coach", email="valmentaja-admin@example.fi")
    url = f"/admin/accounts/user/{coach.pk}/change/"
    data = {"first_name": "Ville", "last_name": "V", "title": "", "phone": "", "is_active": "on"}

    response = admin_client.post(url, {**data, "role": "trainee"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == ["Choose one of the roles offered."]
    response = admin_client.post(url, {**data, "role": "career_agent"})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert (coach.role, coach.first_name) == ("career_agent", "Ville")
    # Another person's password is never set in the admin: owners set their own.
    assert admin_client.get(f"/admin/accounts/user/{coach.pk}/password/").status_code == 403


def test_a_partner_contact_is_added_and_changed_in_the_admin_through_the_service(
    tenant_a, make_user, client_for
):
    from coaching.models import PartnerContact, PartnerOrganisation

    admin_client = client_for(tenant_a, make_user(tenant_a, role="tenant_admin", is_staff=True))
    organisation = PartnerOrganisation.objects.create(name="Kela testi", kind="other")
    url = "/admin/coaching/partnercontact/"
    data = {"organisation": organisation.pk, "name": "Aku", "email": "x", "is_active": "on"}

    response = admin_client.post(f"{url}add/", data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["email"]
    response = admin_client.post(f"{url}add/", {**data, "email": "aku@example.fi"})
    assert response.status_code == 302
    contact = PartnerContact.objects.get(name="Aku")
    response = admin_client.post(
        f"{url}{contact.pk}/change/", {**data, "email": "aku@example.fi", "phone": "09 1"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "09 1"
