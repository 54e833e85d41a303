"""The legal frame a status would have, as the period actions page previews it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coaching import services
from coaching.period_selectors import status_frame_preview

pytestmark = pytest.mark.django_db


def test_months_left_agree_with_what_the_service_allows(staff, make_period, status):
    period = make_period("coaching", planned_end=date(2026, 6, 1))  # 2.3.–1.6.: three months
    preview = status_frame_preview(
        period=period, status=status("work_trial"), on=date(2026, 6, 2), until=date(2026, 9, 1)
    )
    assert preview.frame is not None
    assert preview.used_months == 3
    assert preview.months_left == 3  # six with one organiser
    assert preview.new_months == 3
    services.period_status_add(
        actor=staff.coach,
        period=period,
        status=status("work_trial"),
        valid_from=date(2026, 6, 2),
        valid_until=date(2026, 9, 1),
        days_per_week=4,
        hours_per_day=Decimal(6),
    )
    with pytest.raises(ValidationError):  # nothing was left
        services.period_status_add(
            actor=staff.coach,
            period=period,
            status=status("work_trial"),
            valid_from=date(2026, 9, 2),
            valid_until=date(2026, 9, 3),
            days_per_week=4,
            hours_per_day=Decimal(6),
        )


def test_an_open_ended_status_counts_until_the_day_before(staff, make_period, status):
    period = make_period("coaching", work_trial=False)
    services.period_status_add(
        actor=staff.coach,
        period=period,
        status=status("career_coaching"),
        valid_from=date(2026, 3, 2),
        days_per_week=4,
        hours_per_day=Decimal(6),
    )
    preview = status_frame_preview(
        period=period, status=status("career_coaching"), on=date(2026, 4, 2)
    )
    assert preview.used_months == 1
    assert preview.months_left is None  # no month limit


def test_a_date_before_every_frame_has_none(make_period, status):
    period = make_period("coaching", work_trial=False)
    preview = status_frame_preview(period=period, status=status("work_trial"), on=date(2020, 1, 1))
    assert preview.frame is None
    assert preview.months_left is None


def test_a_per_period_limit_caps_what_is_left(make_period, status):
    period = make_period("coaching", work_trial=False)
    preview = status_frame_preview(
        period=period, status=status("rehabilitative_work"), on=date(2026, 3, 2)
    )
    assert preview.months_left == 24
