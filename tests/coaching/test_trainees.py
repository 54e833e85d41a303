"""Adding and changing trainees: the identity-code rules, the scope and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import services
from coaching.models import Trainee
from coaching.services.trainees import identity_code_birth_date
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

# 131052-308T is the code the Digital and Population Data Services Agency uses as its example.
EXAMPLE_CODE = "131052-308T"


@pytest.fixture
def codes_enabled(staff):
    services.coaching_settings_update(actor=staff.admin, personal_identity_code_enabled=True)


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.mark.parametrize(
    ("code", "born"),
    [
        ("131052-308T", date(1952, 10, 13)),
        ("010594Y9021", date(1994, 5, 1)),
        ("020502A902X", date(2002, 5, 2)),
        ("131052+308T", date(1852, 10, 13)),
        ("131052-308A", None),  # wrong check character
        ("311352-308T", None),  # no 31st of a thirteenth month
        ("131052Q308T", None),  # no such century sign
        ("131052-001P", None),  # individual numbers start from 002
        ("131052-308", None),
    ],
)
def test_identity_code_is_read_with_its_check_character_and_century(code, born):
    assert identity_code_birth_date(code) == born


def test_a_trainee_is_created_with_the_code_and_its_date_of_birth(staff, codes_enabled):
    trainee = services.trainee_create(
        actor=staff.coach,
        first_name="  Aino ",
        last_name="Virtanen",
        personal_identity_code=EXAMPLE_CODE.lower(),
    )

    trainee.refresh_from_db()
    assert (trainee.first_name, trainee.personal_identity_code) == ("Aino", EXAMPLE_CODE)
    assert trainee.date_of_birth == date(1952, 10, 13)
    created = AuditEvent.objects.filter(action="create", object_type="coaching.trainee")
    assert created.filter(object_id=str(trainee.pk), actor_id=staff.coach.pk).exists()


def test_a_code_is_refused_while_the_municipality_has_not_enabled_codes(staff):
    with pytest.raises(ValidationError) as excinfo:
        services.trainee_create(
            actor=staff.coach,
            first_name="Aino",
            last_name="Virtanen",
            personal_identity_code=EXAMPLE_CODE,
        )

    assert "personal_identity_code" in _errors(excinfo)
    assert not Trainee.objects.filter(last_name="Virtanen").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"personal_identity_code": "131052-308A"}, "personal_identity_code"),
        (
            {"personal_identity_code": EXAMPLE_CODE, "date_of_birth": date(1952, 10, 14)},
            "date_of_birth",
        ),
        ({"date_of_birth": date(2099, 1, 1)}, "date_of_birth"),
        ({"first_name": "   "}, "first_name"),
        ({"email": "not an address"}, "email"),
    ],
)
def test_bad_basic_data_is_refused_at_its_field(staff, codes_enabled, fields, field):
    data = {"first_name": "Aino", "last_name": "Virtanen", **fields}

    with pytest.raises(ValidationError) as excinfo:
        services.trainee_create(actor=staff.coach, **data)

    assert field in _errors(excinfo)
    assert not Trainee.objects.filter(last_name="Virtanen").exists()


def test_two_trainees_cannot_share_a_code(staff, codes_enabled):
    services.trainee_create(
        actor=staff.coach, first_name="A", last_name="B", personal_identity_code=EXAMPLE_CODE
    )

    with pytest.raises(ValidationError) as excinfo:
        services.trainee_create(
            actor=staff.coach, first_name="C", last_name="D", personal_identity_code=EXAMPLE_CODE
        )

    assert _errors(excinfo)["personal_identity_code"] == [
        "Another trainee already has this personal identity code."
    ]


def test_update_changes_only_the_given_fields_and_keeps_an_older_code(staff, codes_enabled):
    trainee = services.trainee_create(
        actor=staff.admin, first_name="A", last_name="B", personal_identity_code=EXAMPLE_CODE
    )
    services.coaching_settings_update(actor=staff.admin, personal_identity_code_enabled=False)

    services.trainee_update(
        actor=staff.admin, trainee=trainee, changes={"phone": "040 123 4567", "last_name": "C"}
    )

    trainee.refresh_from_db()
    assert (trainee.last_name, trainee.phone) == ("C", "040 123 4567")
    assert trainee.personal_identity_code == EXAMPLE_CODE
    with pytest.raises(ValidationError) as excinfo:
        services.trainee_update(
            actor=staff.admin,
            trainee=trainee,
            changes={"personal_identity_code": "010594Y9021"},
        )
    assert "personal_identity_code" in _errors(excinfo)


def test_update_refuses_fields_outside_the_basic_data(staff):
    trainee = services.trainee_create(actor=staff.admin, first_name="A", last_name="B")

    with pytest.raises(ValidationError) as excinfo:
        services.trainee_update(actor=staff.admin, trainee=trainee, changes={"user": None})

    assert "user" in _errors(excinfo)


def test_a_coach_changes_only_their_own_trainees(staff, make_period):
    own = make_period("coaching", coach=staff.coach).trainee
    other = make_period("coaching", coach=staff.coach2).trainee

    services.trainee_update(actor=staff.coach, trainee=own, changes={"phone": "1"})
    with pytest.raises(PermissionDenied):
        services.trainee_update(actor=staff.coach, trainee=other, changes={"phone": "2"})

    other.refresh_from_db()
    assert other.phone == ""


def test_a_unit_supervisor_cannot_add_trainees(staff):
    with pytest.raises(PermissionDenied):
        services.trainee_create(actor=staff.supervisor, first_name="A", last_name="B")
