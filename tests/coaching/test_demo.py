from __future__ import annotations

from collections import Counter

import pytest
from django_tenants.utils import schema_context

from onboarding.demo import DEMO_MUNICIPALITIES, demo_data_ensure

pytestmark = pytest.mark.django_db


def test_demo_has_a_period_in_every_phase_once(tenants):
    from coaching.models import CoachingPeriod, Phase

    demo_data_ensure(base_domain="demo.test.localhost")
    demo_data_ensure(base_domain="demo.test.localhost")

    for spec in DEMO_MUNICIPALITIES:
        with schema_context(spec["slug"]):
            phases = Counter(CoachingPeriod.objects.values_list("phase", flat=True))
            assert phases == dict.fromkeys(Phase.values, 1)
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

    trainee = Trainee.objects.get(user__email=f"valmentautuja@{slug}.demo.test.localhost")
    period = trainee.periods.get()
    assert period.phase == "coaching"
    assert Counter(DiaryEntry.objects.values_list("is_shared", flat=True)) == {True: 2, False: 1}
    assert DiaryEntry.objects.exclude(coach_comment="").count() == 1
    assert period.goals.count() == 2
    assert GoalReview.objects.count() == 1
    assert Counter(ActivityParticipant.objects.values_list("attendance", flat=True)) == {
        "attended": 2,
        "absent_excused": 1,
        "absent_unexplained": 1,
        "registered": 3,
    }
    assert sorted(WorkOrder.objects.values_list("status", flat=True)) == [
        "done",
        "in_progress",
        "received",
    ]
    assert [t.name for t in selectors.missing_equipment_list(trainee=trainee)] == ["Talvikengät"]
    assert LockerAssignment.objects.filter(key_returned_on__isnull=True).count() == 2
