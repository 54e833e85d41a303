"""Helpers shared by the coaching services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext

from accounts.models import COACHING_STAFF_ROLES, User
from valmo.errors import refuse

__all__ = ["STAFF_ROLES", "months_between", "refuse", "role_require"]

STAFF_ROLES = COACHING_STAFF_ROLES


def role_require(user: User | None, role: str, field: str) -> None:
    if user is not None and user.role != role:
        raise refuse(
            field,
            gettext("The selected user does not have the role %(role)s.")
            % {"role": User.Role(role).label},
        )


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
