"""Partner organisations and contacts change and retire through their services, never vanish."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(staff):
    return services.partner_organisation_create(
        actor=staff.admin, name="Työllisyysalue", kind="employment_area"
    )


def test_retiring_an_organisation_retires_its_contacts(staff, organisation):
    contact = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="Anna", is_case_manager=True
    )

    services.partner_organisation_update(
        actor=staff.admin, organisation=organisation, name=" Työllisyysalue 2 ", is_active=False
    )

    organisation.refresh_from_db()
    contact.refresh_from_db()
    assert (organisation.name, organisation.is_active) == ("Työllisyysalue 2", False)
    assert not contact.is_active
    with pytest.raises(ValidationError) as excinfo:
        services.partner_contact_update(actor=staff.admin, contact=contact, is_active=True)
    assert list(excinfo.value.message_dict) == ["is_active"]


def test_a_contact_changes_at_its_fields(staff, organisation):
    contact = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="A"
    )

    services.partner_contact_update(
        actor=staff.admin, contact=contact, email="anna@example.fi", is_case_manager=True
    )

    contact.refresh_from_db()
    assert (contact.email, contact.is_case_manager) == ("anna@example.fi", True)
    with pytest.raises(ValidationError) as excinfo:
        services.partner_contact_update(actor=staff.admin, contact=contact, email="not-mail")
    assert list(excinfo.value.message_dict) == ["email"]


def test_two_organisations_cannot_share_a_name(staff, organisation):
    other = services.partner_organisation_create(actor=staff.admin, name="Muu", kind="other")

    with pytest.raises(ValidationError) as excinfo:
        services.partner_organisation_update(
            actor=staff.admin, organisation=other, name="Työllisyysalue"
        )

    assert list(excinfo.value.message_dict) == ["name"]


def test_only_those_managing_partners_change_them(staff, organisation):
    with pytest.raises(PermissionDenied):
        services.partner_organisation_update(
            actor=staff.supervisor, organisation=organisation, is_active=False
        )
