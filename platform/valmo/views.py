from __future__ import annotations

import logging
import re

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import requires_csrf_token

from .problems import problem_response

logger = logging.getLogger(__name__)

# The API on a municipality's host and through an operator's support access.
_API_PATH = re.compile(r"^(/support/[^/]+)?/api/")

# Last resort when even the styled error page cannot be rendered (e.g. the database is down).
PLAIN_500 = (
    '<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Valmo</title></head>\n'
    "<body><h1>Palvelussa tapahtui virhe / Ett fel inträffade / Something went wrong</h1>"
    '<p><a href="/">Etusivu / Startsida / Front page</a></p></body></html>\n'
)


class UnknownHostView(View):
    """Shown for hosts that belong to no municipality."""

    def dispatch(self, request, *args, **kwargs):
        return render(request, "unknown_host.html", status=404)


def landing(request):
    return render(request, "landing.html")


def _is_api(request) -> bool:
    return bool(_API_PATH.match(request.path))


def _error_page(request, status: int, template: str, detail: str, message: str = ""):
    if _is_api(request):
        return problem_response(request, status, message or detail)
    return render(request, template, {"detail": detail, "message": message}, status=status)


def _exception_message(exception) -> str:
    """The refusal's own (translated) message, when the code raising it gave one."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return str(message) if isinstance(message, str) or hasattr(message, "__html__") else ""


@requires_csrf_token
def bad_request(request, exception=None):
    return _error_page(request, 400, "400.html", _("The request could not be read."))


@requires_csrf_token
def permission_denied(request, exception=None):
    """A styled, translated 403 saying what happened (e.g. a coach at /admin/)."""
    if request.path.startswith("/admin/"):
        detail = _("The administration pages are only for administrators.")
    else:
        detail = _("You do not have permission to open this page.")
    return _error_page(request, 403, "403.html", detail, _exception_message(exception))


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error_page(request, 404, "404.html", _("Not found."))


@requires_csrf_token
def server_error(request):
    """The styled 500 page; if rendering it fails too, a plain page that needs nothing."""
    if _is_api(request):
        return problem_response(request, 500, _("Something went wrong on the server."))
    try:
        # No request context: the context processors may need the database that just failed.
        body = loader.get_template("500.html").render({"request_path": request.path})
    except Exception:
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(PLAIN_500)
    return HttpResponse(body, status=500)
