"""Declining a referral: a reason, once, and never after a period was opened from it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import services
from coaching.models import ParticipationStatus, ServiceForm

from .conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(staff, make_trainee):
    organisation = services.partner_organisation_create(
        actor=staff.admin, name="Työllisyysalue", kind="employment_area"
    )
    case_manager = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="Anna", is_case_manager=True
    )
    return services.referral_create(
        actor=staff.admin,
        trainee=make_trainee(),
        case_manager=case_manager,
        legal_basis="employment_plan",
        legal_basis_date=START,
        requested_status=ParticipationStatus.objects.get(code="work_trial"),
        service_form=ServiceForm.objects.get(code="service_assessment"),
        days_per_week=4,
        hours_per_day=Decimal(6),
        planned_start_on=START,
        planned_end_on=date(2026, 8, 31),
    )


def test_decline_records_who_and_why(staff, referral):
    declined = services.referral_decline(actor=staff.coach, referral=referral, reason=" Ei nyt ")
    assert declined.decline_reason == "Ei nyt"
    assert declined.declined_by == staff.coach
    assert declined.declined_at is not None


def test_a_reason_is_needed(staff, referral):
    with pytest.raises(ValidationError) as error:
        services.referral_decline(actor=staff.coach, referral=referral, reason=" ")
    assert "reason" in error.value.error_dict


def test_not_twice_and_not_after_acceptance(staff, referral):
    services.referral_decline(actor=staff.coach, referral=referral, reason="Ei nyt")
    with pytest.raises(ValidationError) as error:
        services.referral_decline(actor=staff.coach, referral=referral, reason="Taas")
    assert "referral" in error.value.error_dict


def test_not_after_a_period_was_opened(staff, referral):
    services.coaching_period_create(
        actor=staff.admin,
        trainee=referral.trainee,
        referral=referral,
        coach=staff.coach,
        start_on=START,
        planned_end_on=date(2026, 8, 31),
    )
    with pytest.raises(ValidationError) as error:
        services.referral_decline(actor=staff.admin, referral=referral, reason="Ei")
    assert "referral" in error.value.error_dict


def test_a_supervisor_may_not_decline(staff, referral):
    with pytest.raises(PermissionDenied):
        services.referral_decline(actor=staff.supervisor, referral=referral, reason="Ei")
