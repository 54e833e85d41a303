"""RFC 9457 problem details for refusals made outside the API's views (Django's error
handlers, middleware): the same members the API layer (api.problems) builds."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

# RFC 9457 problem details, the API's one error shape (the API layer builds the same members).
_PROBLEM_CODES = {400: "invalid", 403: "permission_denied", 404: "not_found", 500: "server_error"}


def problem_response(
    request: HttpRequest, status: int, detail: str, code: str = ""
) -> JsonResponse:
    code = code or _PROBLEM_CODES.get(status, "error")
    titles = {
        400: _("The request is not valid."),
        403: _("You do not have permission to do this."),
        404: _("Not found."),
        500: _("Something went wrong on the server."),
    }
    body = {
        "type": f"urn:valmo:problem:{code}",
        "title": titles.get(status, detail),
        "status": status,
        "detail": detail,
        "instance": request.path,
        "code": code,
    }
    return JsonResponse(body, status=status, content_type="application/problem+json")
