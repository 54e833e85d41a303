"""The one shape of a refused write, shared by every layer's services."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def refuse(field: str, message: str) -> ValidationError:
    """Build the error every rule violation raises: one translated message naming its field.

    Services ``raise refuse("field", gettext("..."))``; forms and the API show the message next
    to the field (HTTP 400 in the API).
    """
    return ValidationError({field: [message]})
