from __future__ import annotations

from datetime import date

import pytest

from coaching import selectors, services
from coaching.models import CoachingPeriod, Trainee
from coaching.services import DailyEntryInput

from .conftest import at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 15)


def test_trainees_per_coach_against_group_size_limits(staff, make_period):
    services.coaching_settings_update(
        actor=staff.admin, group_size_soft_limit=2, group_size_hard_limit=3
    )
    for phase in ("referred", "coaching", "continued_coaching"):
        make_period(phase)
    make_period("ended")
    make_period("coaching", coach=staff.coach2)

    rows = {
        coach.pk: (coach.group_size, coach.group_size_soft_limit, coach.group_size_hard_limit)
        for coach in selectors.coach_group_size_list()
    }

    assert rows == {staff.coach.pk: (3, 2, 3), staff.coach2.pk: (1, 2, 3)}


def test_periods_ending_within_14_days(make_period):
    soon = make_period("coaching", planned_end=date(2026, 4, 29))
    make_period("coaching", planned_end=date(2026, 4, 30))
    make_period("coaching", planned_end=date(2026, 4, 14))
    make_period("ended", planned_end=date(2026, 4, 20))

    assert list(selectors.period_ending_soon_list(today=TODAY)) == [soon]


def test_follow_ups_due(staff, make_period):
    def ended_on(day):
        period = make_period("coaching", start=date(2025, 11, 3), work_trial=False)
        services.coaching_period_end(
            actor=staff.coach, period=period, outcome="education", at=at(day)
        )
        return period

    due = ended_on(date(2026, 1, 20))
    in_follow_up = ended_on(date(2026, 1, 29))
    services.coaching_period_transition(
        period=in_follow_up, to_phase="follow_up", actor=staff.coach, reason=""
    )
    ended_on(date(2026, 2, 1))
    closed = make_period("closed")
    CoachingPeriod.objects.filter(pk=closed.pk).update(follow_up_due_on=date(2026, 4, 1))

    assert [p.pk for p in selectors.follow_up_due_list(today=TODAY)] == [due.pk, in_follow_up.pk]


def test_missing_daily_logs(staff, make_period):
    logged = make_period("coaching")
    missing = make_period("coaching")
    make_period("referred")
    make_period("ended")
    make_period("coaching", start=date(2026, 4, 16))
    services.daily_log_record(
        actor=staff.coach,
        date=TODAY,
        coach=staff.coach,
        entries=[DailyEntryInput(trainee_id=logged.trainee_id, attendance="absent_sick")],
    )

    assert list(selectors.missing_daily_log_list(day=TODAY)) == [missing]


def test_repeated_unexplained_absences(staff, make_period):
    repeated = make_period("coaching")
    once = make_period("coaching")
    old = make_period("coaching")

    def absent(period, day, attendance="absent_unexplained"):
        services.daily_log_record(
            actor=staff.coach,
            date=day,
            coach=staff.coach,
            entries=[DailyEntryInput(trainee_id=period.trainee_id, attendance=attendance)],
        )

    absent(repeated, date(2026, 4, 2))
    absent(repeated, date(2026, 4, 14))
    absent(once, date(2026, 4, 14))
    absent(once, date(2026, 4, 13), attendance="absent_sick")
    absent(old, date(2026, 4, 1))
    absent(old, date(2026, 4, 14))

    rows = [(p.pk, p.unexplained_absences) for p in selectors.repeated_absence_list(today=TODAY)]

    assert rows == [(repeated.pk, 2)]


def test_front_page_counts_only_the_trainees_the_viewer_may_see(
    tenant_a, make_period, staff, client_for
):
    make_period("coaching", coach=staff.coach)
    make_period("coaching", coach=staff.coach2)
    make_period("coaching", coach=staff.coach2)

    def trainee_count(user) -> int:
        response = client_for(tenant_a, user).get("/")
        return response.context["counts"]["trainees"]

    assert trainee_count(staff.coach) == 1
    assert trainee_count(staff.coach2) == 2
    assert trainee_count(staff.admin) == Trainee.objects.count()
