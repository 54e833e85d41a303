"""A refused group day names every trainee's errors by field, so a form can show each at its row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching import services
from coaching.models import DailyEntry
from coaching.services import DailyEntryInput

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def test_every_trainees_errors_are_reported_at_once(staff, make_period):
    good, too_long, absent_with_hours = (make_period("coaching") for _ in range(3))
    entries = [
        DailyEntryInput(trainee_id=good.trainee_id, attendance="present", hours=Decimal(6)),
        DailyEntryInput(trainee_id=too_long.trainee_id, attendance="present", hours=Decimal(12)),
        DailyEntryInput(
            trainee_id=absent_with_hours.trainee_id, attendance="absent_sick", hours=Decimal(3)
        ),
    ]

    with pytest.raises(ValidationError) as error:
        services.daily_log_record(actor=staff.coach, date=DAY, coach=staff.coach, entries=entries)

    by_trainee = error.value.by_trainee
    assert set(by_trainee) == {too_long.trainee_id, absent_with_hours.trainee_id}
    assert list(by_trainee[too_long.trainee_id]) == ["hours"]
    assert str(too_long.trainee) in by_trainee[too_long.trainee_id]["hours"][0]
    assert list(by_trainee[absent_with_hours.trainee_id]) == ["hours"]
    assert len(error.value.message_dict["hours"]) == 2  # merged for callers that show one list
    assert DailyEntry.objects.count() == 0
