"""Calendar arithmetic shared by services and selectors (neither may import the other)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta


def months_between(start: date, end: date) -> Decimal:
    """Return the length of start..end (both inclusive) in calendar months, with a day fraction.

    Whole calendar months count as 1 each (1.3.–31.8. is exactly 6); leftover days count as
    their share of the following month (always below 1), so a single day over a limit counts.
    """
    end_exclusive = end + timedelta(days=1)
    months = 0
    while start + relativedelta(months=months + 1) <= end_exclusive:
        months += 1
    month_start = start + relativedelta(months=months)
    leftover = (end_exclusive - month_start).days
    month_length = (start + relativedelta(months=months + 1) - month_start).days
    return Decimal(months) + Decimal(leftover) / Decimal(month_length)


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week (how weekly records such as feedback are keyed)."""
    return day - timedelta(days=day.weekday())
