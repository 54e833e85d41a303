from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching import services
from coaching.models import (
    ParticipationStatus,
    PartnerOrganisation,
    Referral,
    ReferralRestriction,
    ServiceForm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(staff):
    return services.partner_organisation_create(
        actor=staff.admin, name="Pohjois-Karjalan työllisyysalue", kind="employment_area"
    )


@pytest.fixture
def case_manager(staff, organisation):
    return services.partner_contact_create(
        actor=staff.admin,
        organisation=organisation,
        name="Anna Asiakasvastaava",
        title="asiakasvastaava",
        email="anna@example.fi",
        is_case_manager=True,
    )


def _referral(staff, trainee, case_manager, **overrides):
    params = {
        "trainee": trainee,
        "case_manager": case_manager,
        "legal_basis": "activation_plan",
        "legal_basis_date": date(2026, 2, 20),
        "requested_status": ParticipationStatus.objects.get(code="rehabilitative_work"),
        "service_form": ServiceForm.objects.get(code="service_assessment"),
        "days_per_week": 3,
        "hours_per_day": Decimal(5),
        "planned_start_on": date(2026, 3, 2),
        "planned_end_on": date(2026, 8, 31),
        "planned_review_on": date(2026, 5, 29),
        "goals": "Arjen rytmi ja työkyvyn selvittäminen",
    }
    params.update(overrides)
    return services.referral_create(actor=staff.coach, **params)


def test_partner_kinds():
    assert PartnerOrganisation.Kind.values == [
        "employment_area",
        "work_ability_coordination",
        "municipal_employment_services",
        "company",
        "association",
        "other",
    ]


def test_referral_keeps_restrictions_apart(staff, make_trainee, case_manager):
    referral = _referral(
        staff, make_trainee(), case_manager, safety_restrictions="Ei nostoja yli 10 kg"
    )

    assert Referral.objects.get(pk=referral.pk).created_by == staff.coach
    assert ReferralRestriction.objects.get(referral=referral).safety_restrictions == (
        "Ei nostoja yli 10 kg"
    )


def test_referral_without_restrictions_has_no_restriction_row(staff, make_trainee, case_manager):
    referral = _referral(staff, make_trainee(), case_manager)

    assert ReferralRestriction.objects.filter(referral=referral).count() == 0


def test_referral_from_a_contact_who_is_not_a_case_manager(staff, make_trainee, organisation):
    contact = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="Kalle Kumppani"
    )

    with pytest.raises(ValidationError) as error:
        _referral(staff, make_trainee(), contact, safety_restrictions="x")

    assert error.value.message_dict == {"case_manager": ["The contact is not a case manager."]}
    assert (Referral.objects.count(), ReferralRestriction.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_end_on": date(2026, 3, 1)}, "planned_end_on"),
        ({"planned_review_on": date(2026, 9, 1)}, "planned_review_on"),
        ({"legal_basis": "letter"}, "legal_basis"),
        ({"days_per_week": 8}, "days_per_week"),
    ],
)
def test_invalid_referral_is_refused(staff, make_trainee, case_manager, overrides, field):
    with pytest.raises(ValidationError) as error:
        _referral(staff, make_trainee(), case_manager, safety_restrictions="x", **overrides)

    assert list(error.value.message_dict) == [field]
    assert (Referral.objects.count(), ReferralRestriction.objects.count()) == (0, 0)


def test_attachment_goes_under_referrals(staff, make_trainee, case_manager):
    referral = _referral(staff, make_trainee(), case_manager)

    attachment = services.referral_attachment_add(
        actor=staff.coach,
        referral=referral,
        file=SimpleUploadedFile("aktivointisuunnitelma.pdf", b"%PDF-1.4"),
        description="Aktivointisuunnitelma",
    )

    try:
        assert attachment.file.name.startswith(f"referrals/{referral.pk}/aktivointisuunnitelma")
        assert attachment.uploaded_by == staff.coach
    finally:
        attachment.file.delete(save=False)


def test_period_refuses_another_trainees_referral(staff, make_trainee, case_manager):
    referral = _referral(staff, make_trainee(), case_manager)

    with pytest.raises(ValidationError) as error:
        services.coaching_period_create(
            actor=staff.coach,
            trainee=make_trainee(),
            referral=referral,
            coach=staff.coach,
            start_on=date(2026, 3, 2),
            planned_end_on=date(2026, 8, 31),
        )

    assert list(error.value.message_dict) == ["referral"]
