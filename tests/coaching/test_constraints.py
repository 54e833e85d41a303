"""The database backs the key invariants, and a violation reaches the user translated.

Each case bypasses the services on purpose (bulk ``update``/``create`` skip ``full_clean``),
as a careless future path would, and checks that the database refuses and that the error maps
to a translated message on the field instead of the constraint's name.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from coaching import services
from coaching.models import (
    CoachingPeriod,
    CoachingSettings,
    LegalFrame,
    Locker,
    LockerAssignment,
    Phase,
)
from coaching.models.periods import OPEN_PHASE_VALUES, OPEN_PHASES
from valmo.integrity import constraint_error, constraint_errors

pytestmark = pytest.mark.django_db


def _refused(write) -> ValidationError:
    """Run a write that the database must refuse; return the translated error for it."""
    with pytest.raises(ValidationError) as error, transaction.atomic(), constraint_errors():
        write()
    assert isinstance(error.value.__cause__, IntegrityError)
    return error.value


def test_open_phases_match_the_services():
    assert set(OPEN_PHASE_VALUES) == set(OPEN_PHASES)


def test_one_open_period_per_trainee(staff, make_period):
    period = make_period("coaching")
    error = _refused(
        lambda: CoachingPeriod.objects.create(
            trainee=period.trainee,
            coach=staff.coach,
            start_on=date(2026, 9, 1),
            planned_end_on=date(2026, 12, 31),
            phase=Phase.REFERRED,
        )
    )
    assert error.message_dict == {"trainee": ["The trainee already has an open coaching period."]}


def test_a_closed_period_does_not_block_a_new_one(staff, make_period):
    period = make_period("closed")
    CoachingPeriod.objects.create(
        trainee=period.trainee,
        coach=staff.coach,
        start_on=date(2026, 9, 1),
        planned_end_on=date(2026, 12, 31),
    )
    assert CoachingPeriod.objects.filter(trainee=period.trainee).count() == 2


def test_reopening_an_ended_period_refused_when_another_is_open(staff, make_period):
    ended = make_period("ended")
    make_period("referred", trainee=ended.trainee, work_trial=False)
    with pytest.raises(ValidationError) as error:
        services.coaching_period_transition(
            period=ended, to_phase="coaching", actor=staff.admin, reason="palaa"
        )
    assert error.value.message_dict == {
        "trainee": ["The trainee already has an open coaching period."]
    }


def test_period_cannot_end_before_it_starts(make_period):
    period = make_period("coaching")
    error = _refused(
        lambda: CoachingPeriod.objects.filter(pk=period.pk).update(ended_on=date(2026, 1, 1))
    )
    assert list(error.message_dict) == ["ended_on"]


def test_period_planned_end_before_start_names_the_field_in_finnish(make_period):
    period = make_period("coaching")
    with translation.override("fi"):
        error = _refused(
            lambda: CoachingPeriod.objects.filter(pk=period.pk).update(
                planned_end_on=date(2026, 1, 1)
            )
        )
        message = error.message_dict["planned_end_on"][0]
    assert "coachingperiod_dates_order" not in message
    assert message != "The planned end is before the start."


def test_settings_limits_order_is_a_field_error_not_the_constraint_name(staff):
    row = services.coaching_settings_update(actor=staff.admin, group_size_hard_limit=20)
    row.group_size_soft_limit = 25
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert error.value.message_dict["group_size_soft_limit"] == [
        "The soft group limit cannot be above the hard group limit."
    ]
    assert "coachingsettings_limits_order" not in str(error.value)
    error = _refused(
        lambda: CoachingSettings.objects.filter(pk=row.pk).update(group_size_soft_limit=25)
    )
    assert list(error.message_dict) == ["group_size_soft_limit"]


def test_one_holder_per_locker(staff, make_period):
    first = make_period("coaching")
    second = make_period("coaching")
    locker = Locker.objects.create(number="K1")
    services.locker_assign(actor=staff.admin, locker=locker, trainee=first.trainee)
    error = _refused(
        lambda: LockerAssignment.objects.create(
            locker=locker,
            trainee=second.trainee,
            key_issued_on=date(2026, 3, 3),
            issued_by=staff.admin,
        )
    )
    assert error.message_dict == {"locker": ["The locker is already held by another trainee."]}


@pytest.mark.parametrize(
    ("model", "values", "field"),
    [
        ("periodstatus", {"valid_until": date(2000, 1, 1)}, "valid_until"),
        ("legalframe", {"valid_until": date(2000, 1, 1)}, "valid_until"),
        ("legalframe", {"max_days_per_week": 0}, "max_days_per_week"),
    ],
)
def test_dates_and_ranges_in_order(make_period, model, values, field):
    period = make_period("coaching")
    rows = {
        "periodstatus": period.statuses.all(),
        "legalframe": LegalFrame.objects.filter(status__code="work_trial"),
    }[model]
    error = _refused(lambda: rows.update(**values))
    assert list(error.message_dict) == [field]


def test_unknown_integrity_errors_pass_through(tenant_a):
    class Unknown(IntegrityError):
        pass

    assert constraint_error(Unknown("no diagnostics")) is None
    with pytest.raises(Unknown), constraint_errors():
        raise Unknown("no diagnostics")
