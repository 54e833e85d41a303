"""An account change never leaves an open period without its coach, agent or supervisor."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.services import staff_update
from coaching import services

pytestmark = pytest.mark.django_db


def test_a_coach_with_open_periods_is_not_deactivated_until_they_are_reassigned(staff, make_period):
    period = make_period("coaching", coach=staff.coach)

    with pytest.raises(ValidationError) as excinfo:
        staff_update(actor=staff.admin, user=staff.coach, is_active=False)
    assert excinfo.value.message_dict == {
        "is_active": ["1 open coaching period names this person; reassign it first."]
    }
    with pytest.raises(ValidationError) as excinfo:
        staff_update(actor=staff.admin, user=staff.coach, role="career_agent")
    assert list(excinfo.value.message_dict) == ["role"]

    services.coaching_period_coach_assign(actor=staff.admin, period=period, coach=staff.coach2)
    staff_update(actor=staff.admin, user=staff.coach, is_active=False)

    staff.coach.refresh_from_db()
    assert not staff.coach.is_active


def test_details_change_while_the_coach_has_periods(staff, make_period):
    make_period("coaching", coach=staff.coach)

    staff_update(actor=staff.admin, user=staff.coach, phone="040 555")

    staff.coach.refresh_from_db()
    assert staff.coach.phone == "040 555"
