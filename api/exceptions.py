"""Map domain errors (Django ValidationError naming fields) and refused requests to 4xx."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.parsers import RequestTooLarge
from valmo.integrity import constraint_error


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, IntegrityError):
        # A service that did not translate a constraint itself: the declared constraint's
        # message names its field; an undeclared one is still the client's conflict, not a 500.
        translated = constraint_error(exc)
        exc = translated if translated is not None else exc
    if isinstance(exc, IntegrityError):
        exc = Conflict(_("The change conflicts with data saved meanwhile; reload and try again."))
    elif isinstance(exc, DataError):
        exc = exceptions.ParseError(_("A value is out of the allowed range."))
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        # Too many fields, a malformed multipart body and the like: the client's fault, a 400.
        exc = exceptions.ParseError(_("The request could not be read."))
    return drf_exception_handler(exc, context)
