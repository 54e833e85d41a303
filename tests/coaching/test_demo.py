"""The coaching part of the demo: a period per trainee in every phase, extras and a daily log."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from onboarding.demo import DEMO_MUNICIPALITIES, DEMO_PHASES, DEMO_WAITING_REFERRALS

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

DOMAIN = "demo.test.localhost"


def test_demo_has_a_period_per_trainee_in_every_phase_once(demo):
    from coaching.models import CoachingPeriod, Phase, Trainee

    for spec in DEMO_MUNICIPALITIES:
        with schema_context(spec["slug"]):
            phases = Counter(CoachingPeriod.objects.values_list("phase", flat=True))
            assert set(phases) == set(Phase.values)
            assert phases == Counter(plan[0] for plan in DEMO_PHASES)
            assert CoachingPeriod.objects.count() == len(DEMO_PHASES)
            waiting = Trainee.objects.filter(periods__isnull=True)
            assert waiting.count() == DEMO_WAITING_REFERRALS  # the referral queue's
            assert all(trainee.referrals.exists() for trainee in waiting)
            names = set(Trainee.objects.values_list("first_name", "last_name"))
            assert len(names) == Trainee.objects.count()  # realistic, distinct names
            _assert_coaching_extras_once(spec["slug"])


def _assert_coaching_extras_once(slug):
    from coaching import selectors
    from coaching.models import (
        ActivityParticipant,
        DiaryEntry,
        GoalReview,
        LockerAssignment,
        Trainee,
        WorkOrder,
    )

    trainee = Trainee.objects.get(user__email=f"valmentautuja@{slug}.{DOMAIN}")
    period = trainee.periods.get()
    assert period.phase == "coaching"
    assert Counter(DiaryEntry.objects.values_list("is_shared", flat=True)) == {True: 2, False: 1}
    assert DiaryEntry.objects.exclude(coach_comment="").count() == 1
    assert period.goals.count() == 2
    assert GoalReview.objects.count() == 1
    # Seven periods in an active phase by the info session; three invited to the visit.
    assert Counter(ActivityParticipant.objects.values_list("attendance", flat=True)) == {
        "attended": 4,
        "absent_excused": 2,
        "absent_unexplained": 1,
        "registered": 3,
    }
    # The four of the coaches' board and the unit supervisor's own order (received).
    assert sorted(WorkOrder.objects.values_list("status", flat=True)) == [
        "done",
        "in_progress",
        "planned",
        "received",
        "received",
    ]
    assert [t.name for t in selectors.missing_equipment_list(trainee=trainee)] == ["Talvikengät"]
    assert LockerAssignment.objects.filter(key_returned_on__isnull=True).count() == 2


def test_demo_daily_log_has_weeks_of_entries_inside_each_legal_frame(demo):
    """Every trainee past referral has weeks of entries; no week breaks its status's frame."""
    from coaching.models import Attendance, CoachingPeriod, DailyEntry, Phase
    from coaching.services import legal_frame_for

    today = timezone.localdate()
    for spec in DEMO_MUNICIPALITIES:
        with schema_context(spec["slug"]):
            periods = CoachingPeriod.objects.select_related("trainee", "coach").order_by("pk")
            statuses_seen = set()
            for period in periods:
                entries = list(
                    DailyEntry.objects.filter(period=period).prefetch_related("tasks_done")
                )
                if period.phase == Phase.REFERRED:
                    assert entries == []  # not in a coach's group yet
                    continue
                row = period.statuses.select_related("status").get()
                frame = legal_frame_for(status=row.status, on=row.valid_from)
                statuses_seen.add(row.status.code)
                weeks: dict[tuple[int, int], list] = defaultdict(list)
                for entry in entries:
                    assert entry.date < today
                    assert row.valid_from <= entry.date <= row.valid_until
                    assert entry.recorded_by_id == period.coach_id
                    if entry.attendance == Attendance.PRESENT:
                        assert frame.min_hours_per_day <= entry.hours <= row.hours_per_day
                        assert row.hours_per_day <= frame.max_hours_per_day
                        assert list(entry.tasks_done.all())
                    else:
                        assert entry.hours == 0
                        assert not list(entry.tasks_done.all())
                        assert entry.capacity_observations  # the coach noted why
                    weeks[entry.date.isocalendar()[:2]].append(entry)
                assert len(weeks) >= 2, (period.phase, len(weeks))
                for week in weeks.values():
                    assert len(week) <= row.days_per_week <= frame.max_days_per_week
                    hours = sum((entry.hours for entry in week), Decimal(0))
                    if frame.max_hours_per_week is not None:
                        assert hours <= frame.max_hours_per_week
                assert any(entry.learning_notes for entry in entries)
            assert statuses_seen == {"work_trial", "rehabilitative_work"}

            # Rehabilitative work activity is 1-4 days a week; the demo uses the full 32 hours.
            rehabilitative = DailyEntry.objects.filter(
                period__statuses__status__code="rehabilitative_work",
                attendance=Attendance.PRESENT,
            )
            per_week = Counter((e.period_id, e.date.isocalendar()[:2]) for e in rehabilitative)
            assert max(per_week.values()) == 4

            # The demo trainee's own period in coaching shows several weeks of work.
            mine = DailyEntry.objects.filter(
                period__trainee__user__email=f"valmentautuja@{spec['slug']}.{DOMAIN}"
            )
            assert len({entry.date.isocalendar()[:2] for entry in mine}) >= 5
            assert Counter(mine.values_list("attendance", flat=True))[Attendance.PRESENT] >= 20
