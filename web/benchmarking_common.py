"""What the benchmarking screens share: labels of codes, the selection form, tables and charts.

Used by the coordinators' pages on the public host (``coordinator_views``) and the
municipality's own comparison page (``benchmarking_views``); the figures come from
``benchmarking.comparison`` (published cells only).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from benchmarking.comparison import AreaFigure, Comparison, Figure, is_count
from benchmarking.tables import ALL
from coaching.defaults import PARTICIPATION_STATUSES, SERVICE_FORMS, TARGET_GROUPS
from coaching.models import Outcome, Trainee

from .charts import BarChart, bar_chart

SUPPRESSED = "–"  # a cell hidden by disclosure control
ABSENT = "·"  # a rate or mean with nothing to compute it from

METRIC_LABELS = {
    "referrals": _("Referrals received"),
    "starts": _("Periods started"),
    "ends": _("Periods ended"),
    "active_trainees": _("Active trainees"),
    "attending_trainees": _("Trainees with daily-log entries"),
    "follow_ups_due": _("Follow-ups due"),
    "follow_ups_contacted": _("Follow-ups contacted"),
    "trainees_reaching_requirements": _("Trainees reaching competence requirements"),
    "certificates_issued": _("Competence certificates issued"),
    "period_length_days": _("Mean period length (days)"),
    "trainees_per_coach": _("Trainees per work coach"),
    "attendance_rate": _("Attendance rate"),
    "hours_per_trainee": _("Hours per attending trainee"),
    "requirements_reached_per_trainee": _("Requirements reached per trainee"),
}
DIMENSION_LABELS = {
    "service_form": _("Service form"),
    "target_group": _("Target group"),
    "participation_status": _("Participation status"),
    "age_band": _("Age band"),
    "gender": _("Gender"),
    "outcome": _("Outcome"),
}
AGE_LABELS = {
    "under_25": _("under 25"),
    "25_29": _("25–29"),
    "30_39": _("30–39"),
    "40_49": _("40–49"),
    "50_plus": _("50 or over"),
}
COMMON_CATEGORY_LABELS = {
    "none": _("not recorded"),
    "other": _("municipality's own code"),
    "unknown": _("unknown"),
}


def metric_label(metric: str) -> str:
    if metric in METRIC_LABELS:
        return str(METRIC_LABELS[metric])
    kind, _sep, rest = metric.partition(":")
    if kind == "capacity_change":
        return gettext("Work capacity change: %(what)s") % {"what": rest.replace(":", " / ")}
    if kind == "capacity_pairs":
        return gettext("Work capacity assessed: %(what)s") % {"what": rest.replace(":", " / ")}
    return metric


def category_label(dimension: str, category: str) -> str:
    if dimension == ALL:
        return gettext("All")
    tables: dict[str, dict] = {
        "service_form": {row[0]: row[1] for row in SERVICE_FORMS},
        "target_group": dict(TARGET_GROUPS),
        "participation_status": {row["code"]: row["name"] for row in PARTICIPATION_STATUSES},
        "age_band": AGE_LABELS,
        "gender": dict(Trainee.Gender.choices),
        "outcome": dict(Outcome.choices),
    }
    label = tables.get(dimension, {}).get(category)
    return str(label or COMMON_CATEGORY_LABELS.get(category) or category)


def breakdown_label(dimension: str, category: str) -> str:
    if dimension == ALL:
        return gettext("All")
    return f"{DIMENSION_LABELS.get(dimension, dimension)}: {category_label(dimension, category)}"


def _latest_year(choices: list[tuple[str, str]]) -> str:
    """The latest whole year offered (the default period), else the latest quarter."""
    years = [value for value, _label in choices if "-" not in value]
    return max(years) if years else choices[0][0]


class SelectionForm(forms.Form):
    """The figure to compare: metric, period and a breakdown (``dimension:category``)."""

    metric = forms.ChoiceField(label=_("Figure"))
    period = forms.ChoiceField(label=_("Period"))
    breakdown = forms.ChoiceField(label=_("Group"), required=False)

    def __init__(self, *args, choices: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict = self.fields  # ChoiceFields, whose choices the stubs do not know
        fields["metric"].choices = [(m, metric_label(m)) for m in choices["metrics"]]
        fields["period"].choices = [(p, p) for p in reversed(choices["periods"])]
        fields["breakdown"].choices = [
            (f"{ALL}:{ALL}", gettext("All")),
            *[(f"{d}:{c}", breakdown_label(d, c)) for d, c in choices["breakdowns"]],
        ]

    def selection(self) -> dict[str, str] | None:
        """The valid choice, or the first of each list when nothing (valid) was chosen."""
        fields = self.fields
        if not fields["metric"].choices:  # type: ignore[attr-defined]
            return None
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
        else:
            data = {
                "metric": "starts"
                if ("starts", metric_label("starts")) in fields["metric"].choices  # type: ignore[attr-defined]
                else fields["metric"].choices[0][0],  # type: ignore[attr-defined]
                "period": _latest_year(fields["period"].choices),  # type: ignore[attr-defined]
                "breakdown": "",
            }
            self.initial.update(data)  # the form shows what the page shows
        dimension, _sep, category = (data.get("breakdown") or f"{ALL}:{ALL}").partition(":")
        return {
            "metric": data["metric"],
            "period": data["period"],
            "dimension": dimension,
            "category": category,
        }


def figure_text(figure: Figure | None, metric: str) -> str:
    """A published figure as text; "–" when suppressed, "·" when absent."""
    if figure is None or (figure.number is None and not figure.suppressed):
        return ABSENT
    if figure.suppressed:
        return SUPPRESSED
    if figure.count is not None:
        return number_format(figure.count, force_grouping=True)
    return number_format(figure.value or 0, decimal_pos=2 if not is_count(metric) else 0)


def area_text(area: AreaFigure | None, *, total: bool) -> str:
    if area is None:
        return ABSENT
    number = area.total if total else area.mean
    if number is None:  # every municipality's cell hidden, or nothing to compute from
        return SUPPRESSED if area.suppressed and not area.published else ABSENT
    text = number_format(number, decimal_pos=0 if total else 2, force_grouping=True)
    if total and area.suppressed:
        return gettext("at least %(n)s") % {"n": text}
    return text


def table_rows(comparison: Comparison) -> list[list[str]]:
    """Heading row and one row per municipality, then the area's rows: what every export holds."""
    metric = comparison.metric
    header = [gettext("Municipality"), comparison.period, *comparison.trend_periods]
    rows = [header]
    for pk, name in comparison.municipalities:
        rows.append(
            [name, figure_text(comparison.figures.get(pk), metric)]
            + [figure_text(comparison.trend[q].get(pk), metric) for q in comparison.trend_periods]
        )
    if comparison.counts:
        rows.append(
            [gettext("Employment area, total")]
            + [area_text(comparison.area, total=True)]
            + [area_text(comparison.trend_area[q], total=True) for q in comparison.trend_periods]
        )
    rows.append(
        [gettext("Employment area, average")]
        + [area_text(comparison.area, total=False)]
        + [area_text(comparison.trend_area[q], total=False) for q in comparison.trend_periods]
    )
    return rows


def _number(figure: Figure | None) -> Decimal | int:
    if figure is None or figure.suppressed or figure.number is None:
        return 0
    return figure.number


def municipalities_chart(comparison: Comparison) -> BarChart | None:
    """The municipalities' figures for the chosen period, the area's average as a line."""
    if not comparison.municipalities:
        return None
    title = f"{metric_label(comparison.metric)}, {comparison.period}"
    average = comparison.area.mean if comparison.area else None
    return bar_chart(
        id="chart-municipalities",
        title=title,
        description=gettext(
            "Each municipality's published figure; a suppressed figure is drawn as zero and "
            "shown as – in the table. The line is the employment area's average."
        ),
        value_label=metric_label(comparison.metric),
        values=[
            (name, _number(comparison.figures.get(pk))) for pk, name in comparison.municipalities
        ],
        rules=[(gettext("Average"), average, "soft")] if average is not None else [],
    )


def trend_chart(comparison: Comparison, *, municipality_id: int | None = None) -> BarChart | None:
    """The quarters of the chosen year: the area's figure, or one municipality's."""
    if not comparison.municipalities:
        return None
    total = comparison.counts and municipality_id is None
    values = []
    for quarter in comparison.trend_periods:
        if municipality_id is not None:
            values.append((quarter, _number(comparison.trend[quarter].get(municipality_id))))
            continue
        area = comparison.trend_area[quarter]
        number = area.total if total else area.mean
        values.append((quarter, number if number is not None else 0))
    return bar_chart(
        id="chart-trend",
        title=gettext("%(metric)s by quarter") % {"metric": metric_label(comparison.metric)},
        description=gettext(
            "The figure in each quarter of the year: the municipality's own, or the employment "
            "area's total (counts) or average (rates and means) over the published figures."
        ),
        value_label=metric_label(comparison.metric),
        values=values,
    )
