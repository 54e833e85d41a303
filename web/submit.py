"""The one shape of a form POST: validate, write through the service, or show its refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import ValidationError


class ServiceForm(Protocol):
    cleaned_data: dict[str, Any]

    def is_valid(self) -> bool: ...

    def add_service_error(self, error: ValidationError) -> None: ...


def form_write(form: ServiceForm, write: Callable[[dict[str, Any]], Any]) -> bool:
    """Write the valid form's data with ``write`` (a service call); False when refused.

    A refusal by the form or by the service (``refuse(field, ...)``) ends up on the form, at
    the named field where there is one, so the caller re-renders its page with a 400 and
    nothing is written: the service runs in its own transaction.
    """
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True
