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
import time

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from tenants.models import Municipality
from valmo.tenancy import current_schema_name, on_public_schema, public_schema_name

from .models import SupportAccessGrant

SUPPORT_PATH = re.compile(r"^/support/(?P<slug>[a-z][a-z0-9_]{1,40})/")

_GRANT_CACHE_SECONDS = 30
_grant_generation = 0


def support_grants_changed() -> None:
    """Forget cached grants (called by the grant services)."""
    global _grant_generation
    _grant_generation += 1


def active_support_grant(user) -> SupportAccessGrant | None:
    """The platform operator's active support-access grant in this municipality, if any.

    Operators are public-schema accounts (they cannot sign in on a municipality's host); the
    grant names them by e-mail and the middleware below lets them into this schema's API.
    The permission layer asks this through ``accounts.permissions.support_grant_lookup_register``
    (registered in ``PrivacyConfig.ready``), so that ``accounts`` does not import ``privacy``.
    """
    if (
        user is None
        or getattr(user, "role", None) != User.Role.PLATFORM_OPERATOR
        or not user.is_authenticated
    ):
        return None
    if on_public_schema():
        return None
    now = time.monotonic()
    cached = getattr(user, "_valmo_support_grant", None)
    if (
        cached is not None
        and cached[0] == _grant_generation
        and cached[1] == current_schema_name()
        and now - cached[2] < _GRANT_CACHE_SECONDS
    ):
        grant = cached[3]
        return grant if grant is not None and grant.is_active() else None
    at = timezone.now()
    grant = (
        SupportAccessGrant.objects.filter(
            operator_email__iexact=user.email,
            revoked_at__isnull=True,
            starts_at__lte=at,
            ends_at__gt=at,
        )
        .order_by("-ends_at")
        .first()
    )
    user._valmo_support_grant = (_grant_generation, current_schema_name(), now, grant)
    return grant


class SupportAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = SUPPORT_PATH.match(request.path_info)
        if match is None or not on_public_schema():
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated or user.role != User.Role.PLATFORM_OPERATOR:
            raise PermissionDenied  # the styled, translated 403 (valmo.views)
        municipality = (
            Municipality.objects.exclude(schema_name=public_schema_name())
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
