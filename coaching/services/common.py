"""Helpers shared by the coaching services."""

from __future__ import annotations

from django.utils.translation import gettext

from accounts.models import COACHING_STAFF_ROLES, User
from coaching.dates import months_between
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
