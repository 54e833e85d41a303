"""Map domain errors (Django ValidationError naming fields) and refused requests to 4xx.

Every answer is an RFC 9457 problem (api.problems): one shape for validation errors, parse
errors, missing permissions, unknown objects, wrong methods, throttling and precondition
failures.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.parsers import RequestTooLarge
from api.problems import PROBLEM_CONTENT_TYPE, STATUS_CODES, field_errors, problem
from valmo.integrity import constraint_error


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = gettext_lazy(
        "Send the ETag of the version you read in an If-Match header to change it."
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy(
        "Someone changed this after you read it; read it again and repeat your change."
    )
    default_code = "precondition_failed"


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else None
        return exceptions.PermissionDenied(message)
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
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        detail = " ".join(
            error["detail"]
            if error["field"] == "non_field_errors"
            else f"{error['field']}: {error['detail']}"
            for error in errors
        )
        body = problem(
            status=response.status_code,
            code="invalid",
            detail=detail,
            instance=instance,
            errors=errors,
        )
    else:
        detail_value = exc.detail
        code = getattr(detail_value, "code", None) or STATUS_CODES.get(
            response.status_code, "error"
        )
        if isinstance(exc, exceptions.NotFound):
            code = "not_found"
        body = problem(
            status=response.status_code,
            code=str(code),
            detail=str(detail_value) if not isinstance(detail_value, (dict, list)) else "",
            instance=instance,
        )
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if wait is not None:
            body["retry_after"] = int(wait)
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response
