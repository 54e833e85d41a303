"""Demo capacity assessments: baseline, interim, final and follow-up ratings that change.

Called from ``onboarding.demo`` after the demo periods exist. Everything goes through the
services; an assessment that already exists is left alone, so running it again adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from coaching.models import CoachingPeriod, Phase

from .models import Assessment, Instrument, InstrumentVersion, Occasion, RaterType
from .selectors import capacity_version_get
from .services import (
    NOT_OBSERVED,
    capacity_assessment_submit,
    platform_instruments_sync,
)

COACH_INSTRUMENT = "valmo-coach-observation"
SELF_INSTRUMENT = "valmo-self-assessment"

# Occasions each demo phase has reached; the last one is still open (not finalised) while the
# period is active.
OCCASIONS_BY_PHASE = {
    Phase.INTAKE_ASSESSMENT: [Occasion.BASELINE],
    Phase.PRE_COACHING: [Occasion.BASELINE],
    Phase.COACHING: [Occasion.BASELINE, Occasion.INTERIM],
    Phase.CONTINUED_COACHING: [Occasion.BASELINE, Occasion.INTERIM],
    Phase.INTERRUPTED: [Occasion.BASELINE],
    Phase.ENDED: [Occasion.BASELINE, Occasion.INTERIM, Occasion.FINAL],
    Phase.FOLLOW_UP: [Occasion.BASELINE, Occasion.INTERIM, Occasion.FINAL, Occasion.FOLLOW_UP],
}
# Average progress over the coach's baseline rating, by occasion.
PROGRESS = {Occasion.BASELINE: 0, Occasion.INTERIM: 1, Occasion.FINAL: 2, Occasion.FOLLOW_UP: 2}
# Early on a coach has not yet seen everything, and one item was simply skipped.
BASELINE_NOT_OBSERVED = {"coping", "tools"}
BASELINE_LEFT_OUT = {"future"}


def _current_version(code: str) -> InstrumentVersion:
    version = (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM,
            instrument__code=code,
            status=InstrumentVersion.Status.PUBLISHED,
        )
        .order_by("-number")
        .first()
    )
    return capacity_version_get(pk=version.pk)


def _occasion_date(period: CoachingPeriod, occasion: str, today: date) -> date:
    end = period.ended_on or today
    dates = {
        Occasion.BASELINE: period.start_on + timedelta(days=3),
        Occasion.INTERIM: period.start_on + (end - period.start_on) / 2,
        Occasion.FINAL: end,
        Occasion.FOLLOW_UP: end + timedelta(days=30),
    }
    return max(period.start_on, min(dates[occasion], today))


def _answers(
    version: InstrumentVersion, rng: random.Random, *, level: int, occasion: str, is_self: bool
) -> dict[str, int | str]:
    answers: dict[str, int | str] = {}
    for dimension in version.dimensions.all():
        for item in dimension.items.all():
            if occasion == Occasion.BASELINE and not is_self:
                if item.code in BASELINE_LEFT_OUT:
                    continue
                if item.code in BASELINE_NOT_OBSERVED:
                    answers[item.code] = NOT_OBSERVED
                    continue
            value = level + PROGRESS[occasion] + rng.choice((-1, 0, 0, 1))
            if is_self:
                # Trainees tend to rate themselves higher at first and closer to the coach later.
                value += 1 if occasion == Occasion.BASELINE else rng.choice((0, 0, 1))
            answers[item.code] = max(1, min(5, value))
    return answers


@transaction.atomic
def capacity_demo_ensure(*, today: date | None = None) -> int:
    """Give every demo period the assessments its phase has reached; return how many were added."""
    platform_instruments_sync()
    today = today or timezone.localdate()
    coach_version = _current_version(COACH_INSTRUMENT)
    self_version = _current_version(SELF_INSTRUMENT)
    added = 0
    periods = CoachingPeriod.objects.filter(phase__in=OCCASIONS_BY_PHASE).select_related(
        "trainee", "coach", "placement_supervisor"
    )
    for period in periods.order_by("pk"):
        rng = random.Random(f"capacity-{period.pk}-{period.trainee_id}")  # noqa: S311 - demo data
        level = rng.choice((1, 2, 2, 3))
        occasions = OCCASIONS_BY_PHASE[period.phase]
        raters = [(RaterType.COACH, coach_version, period.coach, period.coach)]
        raters.append((RaterType.SELF, self_version, period.coach, None))
        if period.placement_supervisor_id is not None:
            supervisor = period.placement_supervisor
            raters.append((RaterType.SUPERVISOR, coach_version, supervisor, supervisor))
        for index, occasion in enumerate(occasions):
            still_open = index == len(occasions) - 1 and period.phase not in (
                Phase.ENDED,
                Phase.FOLLOW_UP,
            )
            for rater_type, version, actor, rater in raters:
                if rater_type == RaterType.SUPERVISOR and occasion == Occasion.BASELINE:
                    continue  # the supervisor meets the trainee only in continued coaching
                exists = Assessment.objects.filter(
                    period=period,
                    instrument=version.instrument,
                    occasion=occasion,
                    rater_type=rater_type,
                ).exists()
                if exists:
                    continue
                capacity_assessment_submit(
                    actor=actor,
                    period=period,
                    version=version,
                    occasion=occasion,
                    rater_type=rater_type,
                    rater=rater,
                    assessed_on=_occasion_date(period, occasion, today),
                    answers=_answers(
                        version,
                        rng,
                        level=level,
                        occasion=occasion,
                        is_self=rater_type == RaterType.SELF,
                    ),
                    note="Esittelyaineisto",
                    finalise=not still_open,
                )
                added += 1
    return added
