"""RFC 9457 problem details: the one error shape of the API.

Every refusal under ``/api/`` answers ``application/problem+json`` with ``type``, ``title``,
``status``, ``detail`` and ``instance``, a machine-readable ``code`` and, for invalid input,
an ``errors`` list naming each field (``field``, JSON ``pointer``, ``code``, translated
``detail``). Django's own 400/403/404/500 handlers build the same members in valmo.views.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import status as http_status
from rest_framework.exceptions import ErrorDetail

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Problem types are named by a stable URN: clients compare ``type``/``code``, never ``title``.
TYPE_PREFIX = "urn:valmo:problem:"


def problem_type(code: str) -> str:
    return f"{TYPE_PREFIX}{code}"


def titles() -> dict[int, str]:
    """Translated titles by status: the same title for every problem of one status."""
    return {
        400: _("The request is not valid."),
        401: _("Authentication is required."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        405: _("The method is not allowed here."),
        406: _("The requested response format is not available."),
        409: _("The change conflicts with the current state."),
        412: _("The resource has changed since you read it."),
        413: _("The request body is too large."),
        415: _("The media type of the request is not supported."),
        428: _("The request must be conditional (If-Match)."),
        429: _("Too many requests."),
        500: _("Something went wrong on the server."),
    }


def title_for(status: int) -> str:
    return titles().get(status, _("The request could not be completed."))


def field_errors(detail: Any, path: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Flatten DRF's nested error detail into one entry per message, each naming its field."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in field_errors(value, (*path, str(key)))
        ]
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [error for item in detail for error in field_errors(item, path)]
        return [
            error
            for index, item in enumerate(detail)
            for error in field_errors(item, (*path, str(index)))
        ]
    code = detail.code if isinstance(detail, ErrorDetail) and detail.code else "invalid"
    name = ".".join(path) if path else "non_field_errors"
    pointer = "#/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in path)
    return [{"field": name, "pointer": pointer, "code": str(code), "detail": str(detail)}]


def problem(
    *,
    status: int,
    code: str,
    detail: str,
    instance: str,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": title_for(status),
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    return body


STATUS_CODES = {
    http_status.HTTP_400_BAD_REQUEST: "invalid",
    http_status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    http_status.HTTP_403_FORBIDDEN: "permission_denied",
    http_status.HTTP_404_NOT_FOUND: "not_found",
    http_status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    http_status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
    http_status.HTTP_409_CONFLICT: "conflict",
    http_status.HTTP_412_PRECONDITION_FAILED: "precondition_failed",
    http_status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "request_too_large",
    http_status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    http_status.HTTP_428_PRECONDITION_REQUIRED: "precondition_required",
    http_status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}
