"""Numeric query parameters, checked before they reach a query."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

_WHOLE_NUMBER = re.compile(r"[+-]?\d{1,19}")


def int_param(request: Request, name: str, *, minimum: int, maximum: int) -> int | None:
    """The query parameter ``name`` as an int in [minimum, maximum]; ``None`` when absent.

    Anything else (text, decimals, NUL bytes, out-of-range numbers) is a 400 naming the
    parameter, so no value can overflow a database integer.
    """
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    value = int(raw) if _WHOLE_NUMBER.fullmatch(raw.strip()) else None
    if value is None or not minimum <= value <= maximum:
        raise ValidationError(
            {
                name: [
                    _("Enter a whole number from %(minimum)d to %(maximum)d.")
                    % {"minimum": minimum, "maximum": maximum}
                ]
            }
        )
    return value
