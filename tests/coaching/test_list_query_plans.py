"""The main list queries of a large municipality use indexes (issue #15).

A few thousand trainees with their periods, daily entries and audit events are written with
set-based SQL into the test tenant and analysed, so the planner sees realistic table sizes;
each list query's plan must then read its table through the named index, not by scanning it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection

from coaching.dashboard_selectors import attendance_counts
from coaching.models import CoachingPeriod, DailyEntry, Referral, Trainee
from coaching.selectors import coach_group_size_list, period_list
from coaching.trainee_selectors import trainee_search
from privacy.selectors import audit_events_for_trainee

pytestmark = pytest.mark.django_db

TRAINEES = 3000


@pytest.fixture
def large(tenant_a, make_user):
    from accounts.models import User
    from coaching.models import PartnerContact, PartnerOrganisation

    coach = make_user(tenant_a, email="plans-coach@example.com", role=User.Role.WORK_COACH)
    office = PartnerOrganisation.objects.create(name="Plans office", kind="employment_area")
    manager = PartnerContact.objects.create(organisation=office, name="Manager")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO coaching_trainee (created_at, updated_at, first_name, last_name,
                personal_identity_code, email, phone, languages, education, work_history,
                driving_licence, has_hygiene_passport, has_occupational_safety_card, gender)
            SELECT now(), now(), 'Etu' || i, 'Suku' || (i %% 997), '', '', '', '', '', '', '',
                   false, false, ''
            FROM generate_series(1, %s) AS i
            """,
            [TRAINEES],
        )
        cursor.execute(
            """
            INSERT INTO coaching_referral (created_at, updated_at, legal_basis, legal_basis_date,
                days_per_week, hours_per_day, planned_start_on, planned_end_on, goals,
                case_manager_id, requested_status_id, service_form_id, trainee_id,
                decline_reason)
            SELECT now(), now(), 'employment_plan',
                   date '2022-01-01' + k * 200 + (t.id %% 100)::int,
                   4, 6, date '2022-01-01' + k * 200 + (t.id %% 100)::int,
                   date '2022-01-01' + k * 200 + (t.id %% 100)::int + 150, '', %s,
                   (SELECT min(id) FROM coaching_participationstatus),
                   (SELECT min(id) FROM coaching_serviceform), t.id, ''
            FROM coaching_trainee t CROSS JOIN generate_series(0, 2) AS k
            """,
            [manager.pk],
        )
        cursor.execute(
            """
            INSERT INTO coaching_coachingperiod (created_at, updated_at, phase,
                phase_before_interruption, start_on, planned_end_on, ended_on, outcome,
                coach_id, trainee_id, referral_id)
            SELECT now(), now(), 'closed', '', r.planned_start_on, r.planned_end_on,
                   r.planned_start_on + 14, 'unknown', %s, r.trainee_id, r.id
            FROM coaching_referral r
            """,
            [coach.pk],
        )
        cursor.execute(
            """
            INSERT INTO coaching_dailyentry (created_at, updated_at, date, attendance, hours,
                learning_notes, capacity_observations, period_id, recorded_by_id)
            SELECT now(), now(), p.start_on + d, 'present', 6, '', '', p.id, %s
            FROM coaching_coachingperiod p CROSS JOIN generate_series(0, 9) AS d
            """,
            [coach.pk],
        )
        cursor.execute(
            """
            INSERT INTO privacy_auditevent (at, tenant_schema, actor_id, actor_display,
                actor_role, action, object_type, object_id, trainee_id, section, purpose,
                request_id, detail)
            SELECT now() - j * interval '1 hour', current_schema(), %s, '', 'work_coach',
                   'read', 'coaching.trainee', t.id::text, t.id, 'basic', '', '', '{}'
            FROM coaching_trainee t CROSS JOIN generate_series(1, 10) AS j
            """,
            [coach.pk],
        )
        cursor.execute(
            "ANALYZE coaching_trainee, coaching_referral, coaching_coachingperiod, "
            "coaching_dailyentry, privacy_auditevent"
        )
    assert DailyEntry.objects.count() >= TRAINEES * 30
    return CoachingPeriod.objects.order_by("pk").first()


def plan(queryset) -> str:
    return queryset.explain()


def assert_uses(text: str, index: str, table: str) -> None:
    assert index in text, text
    assert f"Seq Scan on {table} " not in text + " ", text


def test_trainee_list_reads_the_name_index_and_each_latest_period_by_index(large):
    found = trainee_search(
        trainees=Trainee.objects.all(),
        periods=CoachingPeriod.objects.all(),
        today=date(2026, 12, 3),
    )
    text = plan(found[:50])
    assert_uses(text, "trainee_name", "coaching_trainee")
    assert "coachingperiod_trainee_start" in text, text


def test_period_list_reads_the_newest_first_index(large):
    assert_uses(plan(period_list()[:50]), "coachingperiod_start_desc", "coaching_coachingperiod")


def test_daily_log_by_period_and_by_date_use_indexes(large):
    by_period = DailyEntry.objects.filter(period=large).order_by("-date", "-pk")[:50]
    text = plan(by_period)
    # The (period, date) unique index or the foreign key's own: either reads one period's rows.
    assert "dailyentry_unique_day" in text or "coaching_dailyentry_period_id" in text, text
    assert "Seq Scan on coaching_dailyentry" not in text, text
    by_date = DailyEntry.objects.filter(date=large.start_on).values("attendance")
    assert_uses(plan(by_date), "dailyentry_date_attendance", "coaching_dailyentry")


def test_referral_list_uses_the_start_index(large):
    newest = Referral.objects.order_by("-planned_start_on", "-pk")[:50]
    assert_uses(plan(newest), "referral_start_desc", "coaching_referral")


def test_audit_events_of_a_trainee_use_the_trainee_index(large):
    text = plan(audit_events_for_trainee(trainee_id=large.trainee_id)[:50])
    assert_uses(text, "auditevent_trainee_at", "privacy_auditevent")


def test_dashboard_attendance_counts_read_the_date_index_without_joining_periods(large):
    # A week is about as small a part of this table (2 %) as the dashboard's four weeks are
    # of a municipality's years of entries; four weeks here are 8 %, read faster by a scan.
    counts = attendance_counts(
        periods=CoachingPeriod.objects.all(),
        start=large.start_on,
        end=large.start_on + timedelta(days=6),
    )
    sql = str(counts.query)
    # The model's ordering by ``period`` joined every period into the aggregate, and counting
    # the primary key (not in the index) made PostgreSQL read the table's rows as well.
    assert "JOIN" not in sql, sql
    assert 'COUNT("coaching_dailyentry"."id")' not in sql, sql
    assert_uses(plan(counts), "dailyentry_date_attendance", "coaching_dailyentry")


def test_dashboard_attendance_counts_of_every_period_leave_the_periods_out(large, tenant_a):
    """An admin reaches every period: the aggregate then reads the date index alone, while a
    narrowed reach still limits the entries to its periods."""
    from accounts.models import User

    window = {"start": large.start_on, "end": large.start_on + timedelta(days=6)}
    every = str(attendance_counts(periods=CoachingPeriod.objects.all(), **window).query)
    assert "coaching_coachingperiod" not in every, every
    coach = User.objects.get(email="plans-coach@example.com")
    own = CoachingPeriod.objects.filter(coach=coach)
    narrowed = str(attendance_counts(periods=own, **window).query)
    assert '"coaching_dailyentry"."period_id" IN (SELECT' in narrowed, narrowed


def test_coach_group_sizes_count_through_the_coach_phase_index(large, tenant_a, make_user):
    """Counting ``coach`` (in the index) rather than the primary key keeps the count inside
    the (coach, phase) index; counting the key read every open period's row per coach."""
    from accounts.models import User

    coaches = [
        make_user(tenant_a, email=f"plans-coach{i}@example.com", role=User.Role.WORK_COACH).pk
        for i in range(19)
    ]
    with connection.cursor() as cursor:
        # Each trainee's last period open, as a third of the large municipality's are, spread
        # over twenty coaches.
        cursor.execute(
            "UPDATE coaching_coachingperiod SET phase = 'coaching', ended_on = NULL, "
            "outcome = '', coach_id = (%s::bigint[])[trainee_id %% 20 + 1] "
            "WHERE id IN (SELECT max(id) FROM coaching_coachingperiod GROUP BY trainee_id)",
            [[*coaches, large.coach_id]],
        )
        cursor.execute("ANALYZE coaching_coachingperiod")
    sizes = coach_group_size_list()
    sql = str(sizes.query)
    assert 'COUNT(U0."id")' not in sql, sql
    assert 'COUNT(U0."coach_id")' in sql, sql
    text = plan(sizes)
    # The test tenant is not vacuumed, so an index-only scan is not priced as such here and
    # either coach index may win; the open-periods partial index (every open period per
    # coach) or a scan of the table may not.
    assert "coachingperiod_coach_phase" in text or "coaching_coachingperiod_coach_id" in text
    assert "coachingperiod_one_open_per_trainee" not in text, text
    assert "Seq Scan on coaching_coachingperiod " not in text, text
    assert sorted(coach.group_size for coach in sizes) == [150] * 20
