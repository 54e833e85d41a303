"""Server-drawn SVG charts: the numbers are in the SVG and the table beside it says the same."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.dashboard_selectors import attendance_by_day
from coaching.models import CoachingPeriod, DailyEntry
from coaching.trainee_selectors import hours_by_week, task_levels
from web.charts import bar_chart

from .test_dashboard import _client, _current

pytestmark = pytest.mark.django_db


def _chart(page: str, chart_id: str) -> tuple[str, str]:
    """The SVG and the table of one chart on a page."""
    figure = page[page.index(f'aria-labelledby="{chart_id}-caption"') :]
    figure = figure[: figure.index("</figure>")]
    return figure[: figure.index("</svg>")], figure[figure.index("<table") :]


def _bar_values(svg: str) -> list[str]:
    return re.findall(r'<text class="chart__value"[^>]*>([^<]*)</text>', svg)


def _table_values(table: str) -> list[tuple[str, str]]:
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return re.findall(
        r'<th scope="row" class="chart__row-label">([^<]*)</th><td>([^<]*)</td>', body
    )


def _entry(period, day, attendance="present", hours="6"):
    return DailyEntry.objects.create(
        period=period,
        date=day,
        attendance=attendance,
        hours=Decimal(hours),
        recorded_by=period.coach,
    )


def test_the_layout_scales_bars_to_a_round_top():
    chart = bar_chart(
        id="c",
        title="t",
        description="d",
        value_label="v",
        values=[("a", 3), ("b", 12)],
        rules=[("Soft", 12, "soft"), ("Hard", 14, "hard")],
    )
    assert [tick.value for tick in chart.ticks] == [0, 10, 20]
    assert chart.bars[1].height == 4 * chart.bars[0].height
    assert chart.rules[1].y < chart.rules[0].y  # the hard limit is drawn higher


def test_the_dashboard_charts_group_size_and_attendance(tenant_a, staff, make_period, client_for):
    today = timezone.localdate()
    periods = [_current(make_period) for _ in range(3)]
    last = today - timedelta(days=1)
    while last.weekday() >= 5:
        last -= timedelta(days=1)
    _entry(periods[0], last)
    _entry(periods[1], last)
    _entry(periods[2], last, attendance="absent_sick", hours="0")

    page = _client(client_for, tenant_a, staff.coach).get("/tyopoyta/").content.decode()

    svg, table = _chart(page, "chart-group-size")
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert _bar_values(svg) == ["3"]
    assert "Soft limit 12" in svg
    assert "Hard limit 14" in svg
    assert [value for _, value in _table_values(table)] == ["3"]
    assert "<td>12</td>" in table
    assert "<td>14</td>" in table

    svg, table = _chart(page, "chart-attendance")
    bars = _bar_values(svg)
    rows = _table_values(table)
    assert len(bars) == len(rows) == 20  # the working days of four weeks
    assert bars == [value for _, value in rows]
    label = f"{last.day}.{last.month}."
    assert (label, "2") in rows
    assert "style=" not in page


def test_the_trainee_page_charts_hours_per_week(tenant_a, staff, make_period, client_for):
    period = _current(make_period)
    monday = period.start_on - timedelta(days=period.start_on.weekday()) + timedelta(weeks=1)
    _entry(period, monday, hours="6.5")
    _entry(period, monday + timedelta(days=1), hours="4")

    client = _client(client_for, tenant_a, staff.coach)
    page = client.get(f"/valmentautujat/{period.trainee_id}/").content.decode()

    svg, table = _chart(page, "chart-hours")
    bars = _bar_values(svg)
    rows = _table_values(table)
    assert bars == [value for _, value in rows]
    assert (f"{monday.day}.{monday.month}.", "10.5") in rows
    assert "10.5" in bars


def test_the_trainee_page_charts_task_levels(tenant_a, staff, make_period, client_for):
    from coaching import services
    from coaching.models import DifficultyLevel, WorkTask

    period = _current(make_period)
    tasks = list(WorkTask.objects.filter(retired_at__isnull=True).order_by("pk")[:2])
    levels = list(DifficultyLevel.objects.order_by("level")[:3])
    moved = services.task_assignment_create(
        actor=staff.coach, period=period, task=tasks[0], level=levels[0]
    )
    services.task_assignment_create(
        actor=staff.coach, period=period, task=tasks[1], level=levels[1]
    )
    services.task_assignment_level_change(
        actor=staff.coach, assignment=moved, level=levels[2], reason="Sujuu hyvin."
    )
    with CaptureQueriesContext(connection) as queries:
        rows = task_levels(period)
    assert _selects(queries) == 1
    by_task = {row.task: row for row in rows}
    assert (by_task[tasks[0].name].start_level, by_task[tasks[0].name].level) == (
        levels[0].level,
        levels[2].level,
    )
    assert by_task[tasks[0].name].changes >= 1

    client = _client(client_for, tenant_a, staff.coach)
    page = client.get(f"/valmentautujat/{period.trainee_id}/").content.decode()
    svg, table = _chart(page, "chart-task-levels")
    assert _bar_values(svg) == [value for _, value in _table_values(table)]
    assert sorted(_bar_values(svg)) == sorted([str(levels[2].level), str(levels[1].level)])


def _selects(queries) -> int:
    """Queries other than django-tenants' ``SET search_path`` before each cursor."""
    return sum(1 for query in queries.captured_queries if not query["sql"].startswith("SET "))


def test_the_chart_reads_are_one_query_each(tenant_a, staff, make_period):
    period = _current(make_period)
    for offset in range(10):
        _entry(period, period.start_on + timedelta(days=offset))
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        days = attendance_by_day(
            periods=CoachingPeriod.objects.all(), start=today - timedelta(days=27), end=today
        )
    assert _selects(queries) == 1
    assert len(days) == 20
    with CaptureQueriesContext(connection) as queries:
        weeks = hours_by_week(period, today=today)
    assert _selects(queries) == 1
    assert sum(week.hours for week in weeks) == 60
