"""Demo municipalities get capacity assessments that show change, once."""

from __future__ import annotations

from collections import Counter

import pytest
from django_tenants.utils import schema_context

from onboarding.demo import DEMO_MUNICIPALITIES, DEMO_PHASES

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_periods_get_assessments_with_plausible_change_once(demo):
    from coaching.models import CoachingPeriod
    from competence.capacity.demo import capacity_demo_ensure
    from competence.capacity.models import Assessment, Instrument
    from competence.capacity.selectors import capacity_change_between_occasions

    for spec in DEMO_MUNICIPALITIES:
        with schema_context(spec["slug"]):
            count = Assessment.objects.count()
            assert capacity_demo_ensure() == 0  # everything is there already
            assert Assessment.objects.count() == count

            by_phase = Counter(
                (a.period.phase, a.occasion, a.rater_type)
                for a in Assessment.objects.select_related("period")
            )
            assert by_phase[("intake_assessment", "baseline", "coach")] == 1
            in_coaching = sum(1 for plan in DEMO_PHASES if plan[0] == "coaching")
            assert by_phase[("coaching", "interim", "self")] == in_coaching
            continued = sum(1 for plan in DEMO_PHASES if plan[0] == "continued_coaching")
            assert by_phase[("continued_coaching", "interim", "supervisor")] == continued
            assert by_phase[("follow_up", "follow_up", "coach")] == 1
            assert not any(phase in ("referred", "closed") for phase, _, _ in by_phase)

            coach_instrument = Instrument.objects.get(code="valmo-coach-observation")
            for phase in ("ended", "follow_up"):
                period = CoachingPeriod.objects.get(phase=phase)
                change = capacity_change_between_occasions(
                    period=period,
                    instrument=coach_instrument,
                    rater_type="coach",
                    from_occasion="baseline",
                    to_occasion="final",
                )
                changes = [d.change for d in change.dimensions]
                assert all(c is not None and c >= 0 for c in changes)
                assert sum(changes) > 0
                # The baseline shows both kinds of gap: not observed and left out.
                reasons = {r for item in change.items for r in item.reasons}
                assert reasons == {"not_observed_before", "missing_before"}
                assert (
                    Assessment.objects.filter(period=period, finalised_at__isnull=True).count() == 0
                )
