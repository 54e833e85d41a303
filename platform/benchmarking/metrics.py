"""The figures one municipality contributes, computed inside its own schema.

Call inside ``schema_context``/``tenant_context``: every query reads the current tenant's
coaching and competence data, and only counts, rates and means come out (``tables.Figures``).
Periods are years and their quarters. Each metric is a count of persons or events (the cells
disclosure control works on) or a rate/mean over such a count (published only where that count
is). Breakdowns: service form, target group, participation status, age band and gender (the
trainee's optional gender; ``unknown`` when not recorded). Category codes are the platform's default
codes; a municipality's own codes are published as ``other`` (they could be free text).
See ``docs/benchmarking.md`` for the definitions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from coaching.defaults import PARTICIPATION_STATUSES, SERVICE_FORMS, TARGET_GROUPS
from coaching.models import (
    Attendance,
    CoachingPeriod,
    DailyEntry,
    FollowUpContact,
    Outcome,
    PeriodStatus,
    Phase,
    Referral,
    Trainee,
)
from competence.capacity.change import change_between
from competence.capacity.models import Assessment, Instrument, Occasion, RaterType
from competence.capacity.selectors import capacity_assessment_snapshot
from competence.models import CompetenceCertificate, CompetenceRecord

from .tables import ALL, Cell, Figures

# The breakdowns a person or event is counted in, beside the total.
DIMENSIONS = ("service_form", "target_group", "participation_status", "age_band", "gender")

KNOWN_CODES: dict[str, set[str]] = {
    "service_form": {str(row[0]) for row in SERVICE_FORMS},
    "target_group": {str(row[0]) for row in TARGET_GROUPS},
    "participation_status": {str(status["code"]) for status in PARTICIPATION_STATUSES},
    "gender": set(Trainee.Gender.values),
}
NONE = "none"
OTHER = "other"
UNKNOWN = "unknown"
AGE_BANDS = ((25, "under_25"), (30, "25_29"), (40, "30_39"), (50, "40_49"), (200, "50_plus"))
THREE_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    def covers(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: date, end: date | None) -> bool:
        return start <= self.end and (end is None or end >= self.start)


def periods_of(years: Iterable[int]) -> list[Period]:
    """Each year and its four quarters."""
    result = []
    for year in years:
        result.append(Period(str(year), date(year, 1, 1), date(year, 12, 31)))
        for quarter, (first, last) in enumerate(((1, 3), (4, 6), (7, 9), (10, 12)), start=1):
            end = date(year, last, 31 if last in (3, 12) else 30)
            result.append(Period(f"{year}-Q{quarter}", date(year, first, 1), end))
    return result


def code(dimension: str, value: str | None) -> str:
    """A category code safe to publish: a platform default code, ``none`` or ``other``."""
    if not value:
        return NONE
    return value if value in KNOWN_CODES[dimension] else OTHER


def gender_code(value: str | None) -> str:
    """The trainee's recorded gender, ``unknown`` when none was recorded."""
    return value if value in KNOWN_CODES["gender"] else UNKNOWN


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return UNKNOWN
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next(label for limit, label in AGE_BANDS if age < limit)


def _round(value: Decimal) -> Decimal:
    return value.quantize(THREE_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class _Tally:
    """Counts per cell and, for value metrics, the sums behind their means."""

    counts: dict[Cell, int] = field(default_factory=lambda: defaultdict(int))
    sums: dict[Cell, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    weights: dict[Cell, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    values: dict[Cell, tuple[Decimal | None, Cell]] = field(default_factory=dict)

    def cells(self, metric: str, period: str, categories: dict[str, str]) -> Iterator[Cell]:
        yield Cell(metric, period, ALL, ALL)
        for dimension in DIMENSIONS:
            yield Cell(metric, period, dimension, categories[dimension])

    def add(
        self,
        metric: str,
        period: str,
        categories: dict[str, str],
        values: dict[str, tuple[Decimal, Decimal]] | None = None,
    ) -> None:
        """Count one person or event; ``values`` maps a mean's metric to (value, weight)."""
        for cell in self.cells(metric, period, categories):
            self.counts[cell] += 1
            for value_metric, (value, weight) in (values or {}).items():
                target = cell._replace(metric=value_metric)
                self.sums[target] += value * weight
                self.weights[target] += weight
                self.values[target] = (None, cell)

    def figures(self) -> Figures:
        values = {}
        for cell, (given, base) in self.values.items():
            if cell not in self.weights:  # a ratio set directly (trainees per coach)
                values[cell] = (given, base)
                continue
            weight = self.weights[cell]
            values[cell] = (_round(self.sums[cell] / weight) if weight else None, base)
        return Figures(counts=dict(self.counts), values=values)


@dataclass(frozen=True)
class _PeriodRow:
    pk: int
    trainee: int
    coach: int
    start: date
    ended: date | None
    phase: str
    outcome: str
    follow_up_due: date | None
    categories: dict[str, str]


def _period_rows(first: date, last: date) -> list[_PeriodRow]:
    statuses: dict[int, str] = {}
    for period_id, status_code in (
        PeriodStatus.objects.filter(period__start_on__lte=last)
        .order_by("period_id", "-valid_from", "-pk")
        .values_list("period_id", "status__code")
    ):
        statuses[period_id] = status_code  # the earliest status (valid at the start) wins
    rows = []
    for row in (
        CoachingPeriod.objects.filter(start_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first) | Q(follow_up_due_on__gte=first))
        .values(
            "pk",
            "trainee_id",
            "coach_id",
            "start_on",
            "ended_on",
            "phase",
            "outcome",
            "follow_up_due_on",
            "trainee__date_of_birth",
            "trainee__gender",
            "referral__service_form__code",
            "referral__target_group__code",
            "referral__requested_status__code",
        )
    ):
        status = statuses.get(row["pk"]) or row["referral__requested_status__code"]
        rows.append(
            _PeriodRow(
                pk=row["pk"],
                trainee=row["trainee_id"],
                coach=row["coach_id"],
                start=row["start_on"],
                ended=row["ended_on"],
                phase=row["phase"],
                outcome=row["outcome"],
                follow_up_due=row["follow_up_due_on"],
                categories={
                    "service_form": code("service_form", row["referral__service_form__code"]),
                    "target_group": code("target_group", row["referral__target_group__code"]),
                    "participation_status": code("participation_status", status),
                    "age_band": age_band(row["trainee__date_of_birth"], row["start_on"]),
                    "gender": gender_code(row["trainee__gender"]),
                },
            )
        )
    return rows


def _referrals(tally: _Tally, periods: list[Period], first: date, last: date) -> None:
    """Referrals received (the day the referral was recorded)."""
    for row in Referral.objects.filter(
        created_at__date__gte=first, created_at__date__lte=last
    ).values(
        "created_at",
        "trainee__date_of_birth",
        "trainee__gender",
        "service_form__code",
        "target_group__code",
        "requested_status__code",
    ):
        received = timezone.localtime(row["created_at"]).date()
        categories = {
            "service_form": code("service_form", row["service_form__code"]),
            "target_group": code("target_group", row["target_group__code"]),
            "participation_status": code("participation_status", row["requested_status__code"]),
            "age_band": age_band(row["trainee__date_of_birth"], received),
            "gender": gender_code(row["trainee__gender"]),
        }
        for period in periods:
            if period.covers(received):
                tally.add("referrals", period.label, categories)


def _period_metrics(tally: _Tally, periods: list[Period], rows: list[_PeriodRow]) -> None:
    # The situation found at follow-up: the latest contact that recorded one, else unknown.
    contacted: dict[int, str] = {}
    for period_id, outcome in FollowUpContact.objects.order_by("date", "pk").values_list(
        "period_id", "outcome"
    ):
        if outcome or period_id not in contacted:
            contacted[period_id] = outcome if outcome in Outcome.values else UNKNOWN
    for period in periods:
        active: dict[int, _PeriodRow] = {}
        coaches: set[int] = set()
        for row in rows:
            started = row.phase != Phase.REFERRED
            if started and period.covers(row.start):
                tally.add("starts", period.label, row.categories)
            if period.covers(row.ended) and row.ended is not None:
                categories = row.categories
                length = Decimal((row.ended - row.start).days)
                tally.add(
                    "ends",
                    period.label,
                    categories,
                    {"period_length_days": (length, Decimal(1))},
                )
                outcome = row.outcome if row.outcome in Outcome.values else UNKNOWN
                tally.counts[Cell("ends", period.label, "outcome", outcome)] += 1
            if period.covers(row.follow_up_due):
                tally.add("follow_ups_due", period.label, row.categories)
                if row.pk in contacted:
                    tally.add("follow_ups_contacted", period.label, row.categories)
                    outcome_cell = Cell("follow_ups_contacted", period.label, "outcome", "")
                    tally.counts[outcome_cell._replace(category=contacted[row.pk])] += 1
            if started and period.overlaps(row.start, row.ended):
                # A trainee with two periods in the same quarter counts once (the later one).
                if row.trainee not in active or active[row.trainee].start < row.start:
                    active[row.trainee] = row
                coaches.add(row.coach)
        for row in active.values():
            tally.add("active_trainees", period.label, row.categories)
        total = Cell("active_trainees", period.label, ALL, ALL)
        if coaches:
            ratio = _round(Decimal(len(active)) / Decimal(len(coaches)))
            tally.values[Cell("trainees_per_coach", period.label, ALL, ALL)] = (ratio, total)


def _daily_log(
    tally: _Tally, periods: list[Period], rows: dict[int, _PeriodRow], first: date, last: date
) -> None:
    """Attendance rate (present days / recorded days) and hours per attending trainee."""
    per_quarter = (
        DailyEntry.objects.filter(date__gte=first, date__lte=last)
        .annotate(year=ExtractYear("date"), quarter=ExtractQuarter("date"))
        .values("period_id", "year", "quarter")
        .annotate(
            days=Count("pk"),
            present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
            hours=Sum("hours"),
        )
    )
    people: dict[str, dict[int, list]] = defaultdict(dict)
    for entry in per_quarter:
        row = rows.get(entry["period_id"])
        if row is None:
            continue
        labels = (str(entry["year"]), f"{entry['year']}-Q{entry['quarter']}")
        for label in labels:
            person = people[label].setdefault(row.trainee, [row, 0, 0, Decimal(0)])
            if person[0].start < row.start:
                person[0] = row
            person[1] += entry["days"]
            person[2] += entry["present"]
            person[3] += entry["hours"] or Decimal(0)
    known = {period.label for period in periods}
    for label, persons in people.items():
        if label not in known:
            continue
        for row, days, present, hours in persons.values():
            rate = Decimal(present) / Decimal(days) if days else Decimal(0)
            tally.add(
                "attending_trainees",
                label,
                row.categories,
                {
                    # Weighted by recorded days: the rate of the group, not a mean of rates.
                    "attendance_rate": (rate, Decimal(days)),
                    "hours_per_trainee": (hours, Decimal(1)),
                },
            )


def _competence(
    tally: _Tally, periods: list[Period], rows: dict[int, _PeriodRow], first: date, last: date
) -> None:
    reached: dict[str, dict[int, list]] = defaultdict(dict)
    for period_id, reached_on in CompetenceRecord.objects.filter(
        reached=True, reached_on__gte=first, reached_on__lte=last
    ).values_list("period_id", "reached_on"):
        row = rows.get(period_id)
        if row is None:
            continue
        for period in periods:
            if period.covers(reached_on):
                person = reached[period.label].setdefault(row.trainee, [row, 0])
                person[1] += 1
    for label, persons in reached.items():
        for row, requirements in persons.values():
            tally.add(
                "trainees_reaching_requirements",
                label,
                row.categories,
                {"requirements_reached_per_trainee": (Decimal(requirements), Decimal(1))},
            )
    for period_id, issued_on in CompetenceCertificate.objects.filter(
        version=1, issued_on__gte=first, issued_on__lte=last
    ).values_list("period_id", "issued_on"):
        row = rows.get(period_id)
        if row is None:
            continue
        for period in periods:
            if period.covers(issued_on):
                tally.add("certificates_issued", period.label, row.categories)


def _capacity(
    tally: _Tally, periods: list[Period], rows: dict[int, _PeriodRow], first: date, last: date
) -> None:
    """Change per dimension from the coach's baseline to final assessment (platform instruments).

    Dated by the final assessment; a dimension counts a trainee when it has paired items.
    """
    assessments = (
        Assessment.objects.filter(
            rater_type=RaterType.COACH,
            occasion__in=[Occasion.BASELINE, Occasion.FINAL],
            instrument__source=Instrument.Source.PLATFORM,
            finalised_at__isnull=False,
            period_id__in=list(rows),
        )
        .select_related("version", "instrument")
        .prefetch_related("answers__item", "version__scale_points", "version__dimensions__items")
        .order_by("period_id", "instrument_id", "assessed_on", "pk")
    )
    pairs: dict[tuple[int, int], dict[str, Assessment]] = defaultdict(dict)
    for assessment in assessments:
        pair = pairs[(assessment.period_id, assessment.instrument_id)]
        if assessment.occasion == Occasion.BASELINE:
            pair.setdefault("baseline", assessment)
        else:
            pair["final"] = assessment
    for (period_id, _instrument), pair in pairs.items():
        if "baseline" not in pair or "final" not in pair:
            continue
        final = pair["final"]
        if not first <= final.assessed_on <= last:
            continue
        comparison = change_between(
            capacity_assessment_snapshot(pair["baseline"]), capacity_assessment_snapshot(final)
        )
        row = rows[period_id]
        instrument = final.instrument.code
        for dimension in comparison.dimensions:
            if dimension.change is None:
                continue
            for period in periods:
                if period.covers(final.assessed_on):
                    tally.add(
                        f"capacity_pairs:{instrument}:{dimension.code}",
                        period.label,
                        row.categories,
                        {
                            f"capacity_change:{instrument}:{dimension.code}": (
                                dimension.change,
                                Decimal(1),
                            )
                        },
                    )


def figures_compute(*, years: Iterable[int]) -> Figures:
    """Every metric of the current municipality for the given years and their quarters."""
    periods = periods_of(sorted(set(years)))
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    tally = _Tally()
    rows = _period_rows(first, last)
    by_pk = {row.pk: row for row in rows}
    _referrals(tally, periods, first, last)
    _period_metrics(tally, periods, rows)
    _daily_log(tally, periods, by_pk, first, last)
    _competence(tally, periods, by_pk, first, last)
    _capacity(tally, periods, by_pk, first, last)
    return tally.figures()
