"""Support access: a platform operator reads one municipality's data under a grant.

Operators' accounts live in the public schema and cannot sign in on a municipality's host.
On the public host, ``/support/<municipality>/api/...`` serves that municipality's API with
the operator's public session: this middleware switches the connection into the
municipality's schema for the request, and the permission module lets the operator in only
while a tenant admin's ``SupportAccessGrant`` for their e-mail is active. Every read is
audited in the municipality's own log, with the grant's reason as its purpose.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django_tenants.utils import get_public_schema_name

SUPPORT_PATH = re.compile(r"^/support/(?P<slug>[a-z][a-z0-9_]{1,40})/")


class SupportAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = SUPPORT_PATH.match(request.path_info)
        if match is None or connection.schema_name != get_public_schema_name():
            return self.get_response(request)
        from accounts.models import User
        from tenants.models import Municipality

        user = request.user
        if not user.is_authenticated or user.role != User.Role.PLATFORM_OPERATOR:
            raise PermissionDenied  # the styled, translated 403 (valmo.views)
        municipality = (
            Municipality.objects.exclude(schema_name=get_public_schema_name())
            .filter(slug=match["slug"], is_active=True)
            .first()
        )
        if municipality is None:
            raise Http404
        connection.set_tenant(municipality)
        try:
            return self.get_response(request)
        finally:
            connection.set_schema_to_public()
