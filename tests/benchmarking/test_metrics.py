"""Every metric on constructed data with known answers (before disclosure control)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from benchmarking.metrics import age_band, code, figures_compute, gender_code, periods_of
from benchmarking.tables import ALL, Cell

from .builders import Builder, aware

pytestmark = pytest.mark.django_db


def c(metric, period, dimension=ALL, category=ALL):
    return Cell(metric, period, dimension, category)


@pytest.fixture
def built(tenant_a, make_user):
    coach = make_user(tenant_a, role="work_coach")
    coach2 = make_user(tenant_a, role="work_coach")
    admin = make_user(tenant_a, role="tenant_admin")
    b = Builder(coach, admin)
    young, older = date(2005, 6, 1), date(1986, 1, 1)
    periods = []
    # Ten periods start on 2 February 2026 (Q1): six in one service form, four in another.
    for n in range(10):
        periods.append(
            b.period(
                start=date(2026, 2, 2),
                born=young if n < 5 else older,
                service_form="service_work_education" if n < 6 else "service_assessment",
                target_group="young_people" if n < 5 else None,
                coach=coach if n < 7 else coach2,
                received=date(2026, 1, 15),
                # Three women, five men, one "other" and one not recorded.
                gender=(["female"] * 3 + ["male"] * 5 + ["other", ""])[n],
            )
        )
    # A referred period has not started: a referral, but no start.
    b.period(start=date(2026, 3, 1), phase="referred", received=date(2026, 1, 20))
    # Four periods of 2025 end in Q2 2026 (lengths 130, 130, 130 and 100 days).
    ended = []
    for n, outcome in enumerate(["education", "education", "education", "pension"]):
        start = date(2026, 1, 1) if n < 3 else date(2026, 1, 31)
        ended.append(
            b.period(
                start=start,
                born=older,
                ended=date(2026, 5, 11),
                outcome=outcome,
                received=date(2025, 12, 1),
            )
        )
    # Daily log in Q1: 8 of 10 days present at 6 h, and 5 of 10 days present at 6 h.
    b.days(periods[0], date(2026, 3, 2), present=8, absent=2, hours=Decimal(6))
    b.days(periods[1], date(2026, 3, 2), present=5, absent=5, hours=Decimal(6))
    # One follow-up contact (the follow-ups fall due in August, Q3).
    from coaching.models import FollowUpContact

    FollowUpContact.objects.create(
        period=ended[0], date=date(2026, 8, 11), kind="phone", actor=coach, outcome="education"
    )
    FollowUpContact.objects.create(
        period=ended[0], date=date(2026, 8, 12), kind="phone", actor=coach
    )
    FollowUpContact.objects.create(
        period=ended[1], date=date(2026, 8, 12), kind="message", actor=coach
    )
    return periods, ended, b


def test_counts_and_means_match_the_constructed_data(built):
    figures = figures_compute(years=[2026])
    counts, values = figures.counts, figures.values

    # Referrals received in Q1 2026: ten plus the referred one (the others were in 2025).
    assert counts[c("referrals", "2026-Q1")] == 11
    assert counts[c("referrals", "2026")] == 11
    # Starts: the ten Q1 periods plus the four that started in January (and ended in May).
    assert counts[c("starts", "2026-Q1")] == 14
    assert counts[c("starts", "2026-Q1", "service_form", "service_work_education")] == 10
    assert counts[c("starts", "2026-Q1", "service_form", "service_assessment")] == 4
    assert counts[c("starts", "2026-Q1", "target_group", "young_people")] == 9
    assert counts[c("starts", "2026-Q1", "target_group", "none")] == 5
    assert counts[c("starts", "2026-Q1", "age_band", "under_25")] == 5
    assert counts[c("starts", "2026-Q1", "age_band", "40_49")] == 9
    assert counts[c("starts", "2026-Q1", "participation_status", "work_trial")] == 14
    # Gender: three women, five men, one other; the ten-th Q1 period and the four January
    # starts have none recorded.
    assert counts[c("starts", "2026-Q1", "gender", "female")] == 3
    assert counts[c("starts", "2026-Q1", "gender", "male")] == 5
    assert counts[c("starts", "2026-Q1", "gender", "other")] == 1
    assert counts[c("starts", "2026-Q1", "gender", "unknown")] == 5
    assert counts[c("referrals", "2026-Q1", "gender", "male")] == 5
    assert c("starts", "2026-Q2") not in counts

    # Ends by outcome, and the mean length of the ended periods: (3 × 130 + 100) / 4.
    assert counts[c("ends", "2026-Q2")] == 4
    assert counts[c("ends", "2026-Q2", "outcome", "education")] == 3
    assert counts[c("ends", "2026-Q2", "outcome", "pension")] == 1
    assert values[c("period_length_days", "2026-Q2")][0] == Decimal("122.500")
    assert values[c("period_length_days", "2026-Q2")][1] == c("ends", "2026-Q2")

    # Active in Q1: 14 trainees, 2 coaches: 7 per coach. In Q3 only the ten open periods
    # (of two coaches: 7 and 3).
    assert counts[c("active_trainees", "2026-Q1")] == 14
    assert values[c("trainees_per_coach", "2026-Q1")][0] == Decimal("7.000")
    assert counts[c("active_trainees", "2026-Q3")] == 10
    assert values[c("trainees_per_coach", "2026-Q3")][0] == Decimal("5.000")

    # Attendance in Q1: 13 present of 20 recorded days; hours (48 + 30) / 2 trainees.
    assert counts[c("attending_trainees", "2026-Q1")] == 2
    assert values[c("attendance_rate", "2026-Q1")][0] == Decimal("0.650")
    assert values[c("hours_per_trainee", "2026-Q1")][0] == Decimal("39.000")
    assert values[c("hours_per_trainee", "2026")][0] == Decimal("39.000")

    # Follow-ups due in August (Q3): four; two contacted, one situation found (education).
    assert counts[c("follow_ups_due", "2026-Q3")] == 4
    assert counts[c("follow_ups_contacted", "2026-Q3")] == 2
    assert counts[c("follow_ups_contacted", "2026-Q3", "outcome", "education")] == 1
    assert counts[c("follow_ups_contacted", "2026-Q3", "outcome", "unknown")] == 1


def test_competence_and_capacity(built, tenant_a):
    from competence.capacity.models import (
        Answer,
        Assessment,
        Instrument,
        InstrumentVersion,
        Item,
    )
    from competence.models import CompetenceCertificate

    periods, _ended, b = built
    version = (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM, status="published"
        )
        .order_by("pk")
        .first()
    )
    items = list(Item.objects.filter(version=version).select_related("dimension"))
    dimension = items[0].dimension
    in_dimension = [item for item in items if item.dimension_id == dimension.pk]
    for period, before, after in ((periods[0], 2, 4), (periods[1], 3, 4)):
        for occasion, day, value in (
            ("baseline", date(2026, 2, 10), before),
            ("final", date(2026, 5, 20), after),
        ):
            assessment = Assessment.objects.create(
                period=period,
                instrument=version.instrument,
                version=version,
                occasion=occasion,
                rater_type="coach",
                rater=b.coach,
                assessed_on=day,
                entered_by=b.coach,
                finalised_at=aware(day),
            )
            Answer.objects.bulk_create(
                Answer(assessment=assessment, item=item, value=value) for item in in_dimension
            )
    for n, period in enumerate(periods[:3]):
        CompetenceCertificate.objects.create(
            period=period,
            version=1,
            language="fi",
            issued_on=date(2026, 6, 1),
            issued_at="2026-06-01T12:00Z",
            issued_by=b.admin,
            statement="x",
            snapshot={},
            content_hash=f"{n:064d}",
        )

    figures = figures_compute(years=[2026])
    code_ = version.instrument.code
    pairs = c(f"capacity_pairs:{code_}:{dimension.code}", "2026-Q2")
    assert figures.counts[pairs] == 2
    change = figures.values[c(f"capacity_change:{code_}:{dimension.code}", "2026-Q2")]
    assert change == (Decimal("1.500"), pairs)  # (+2 + +1) / 2
    assert figures.counts[c("certificates_issued", "2026-Q2")] == 3
    assert figures.counts[c("certificates_issued", "2026")] == 3


def test_competence_requirements_reached(built, tenant_a):
    import hashlib
    import json
    from pathlib import Path

    from competence.frameworks.eperusteet import parse_peruste_bytes
    from competence.frameworks.models import Requirement
    from competence.frameworks.services import qualification_import
    from competence.models import CompetenceRecord, LearningEnvironment

    periods, _ended, b = built
    content = (
        Path(__file__).resolve().parents[1] / "competence/fixtures/peruste-2019-shape.json"
    ).read_bytes()
    data = json.loads(content)
    raw = json.dumps(data, ensure_ascii=False).encode()
    result = qualification_import(
        parsed=parse_peruste_bytes(raw), raw_sha256=hashlib.sha256(raw).hexdigest(), source="t"
    )
    from coaching.models import Site

    environment = LearningEnvironment.objects.create(
        site=Site.objects.create(name="Paikka"),
        qualification_version=result.version,
        recogniser_name="R",
        recogniser_organisation="O",
        recognised_on=date(2026, 1, 1),
        recorded_by=b.admin,
    )
    requirements = list(Requirement.objects.filter(unit__qualification=result.qualification)[:4])
    rows = [(periods[0], requirements[:3]), (periods[1], requirements[3:4])]
    for period, reached in rows:
        for requirement in reached:
            CompetenceRecord.objects.create(
                period=period,
                requirement=requirement,
                environment=environment,
                reached_on=date(2026, 4, 15),
                coach=b.coach,
            )
    figures = figures_compute(years=[2026])
    base = c("trainees_reaching_requirements", "2026-Q2")
    assert figures.counts[base] == 2
    assert figures.values[c("requirements_reached_per_trainee", "2026-Q2")] == (
        Decimal("2.000"),
        base,
    )


def test_helpers():
    assert [p.label for p in periods_of([2026])] == [
        "2026",
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert periods_of([2026])[2].end == date(2026, 6, 30)
    assert age_band(date(2001, 6, 2), date(2026, 6, 1)) == "under_25"
    assert age_band(date(2001, 6, 1), date(2026, 6, 1)) == "25_29"
    assert age_band(None, date(2026, 6, 1)) == "unknown"
    assert code("service_form", "my_own_free_text") == "other"
    assert code("target_group", None) == "none"
    assert gender_code("female") == "female"
    assert gender_code("") == "unknown"
    assert gender_code("free text") == "unknown"
