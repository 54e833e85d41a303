"""Give every request an audit context: its user, IP address and request id."""

from __future__ import annotations

from . import audit


class AuditContextMiddleware:
    """Everything logged while serving a request carries who asked, from where, and which
    request it was; the id is returned in ``X-Request-ID`` so a log line can be traced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit.request_context(request) as context:
            request.audit_request_id = context.request_id
            response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        return response
