"""DRF authentication by API key: ``Authorization: Bearer valmo_…`` (or ``Api-Key valmo_…``).

The key is looked up in the schema of the request's host, so a key of another municipality
is not found there. A missing or foreign header falls through to the next class (session).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import ApiKey

from .network import client_ip, ip_allowed
from .selectors import KEY_PREFIX, api_key_for_token
from .services import api_key_use_record

SCHEMES = ("bearer", "api-key")


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Authenticate the key's acting account; ``request.auth`` is the ``ApiKey``."""

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() not in SCHEMES or not token.startswith(f"{KEY_PREFIX}_"):
            return None
        key = api_key_for_token(token)
        if key is None:
            raise exceptions.AuthenticationFailed(gettext("Invalid API key."))
        now = timezone.now()
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(gettext("The API key has been revoked."))
        if now >= key.expires_at:
            raise exceptions.AuthenticationFailed(gettext("The API key has expired."))
        if not key.principal.is_active:
            raise exceptions.AuthenticationFailed(gettext("Invalid API key."))
        if not ip_allowed(client_ip(request), key.allowed_networks):
            raise exceptions.AuthenticationFailed(
                gettext("The API key may not be used from this address.")
            )
        api_key_use_record(key=key, at=now)
        return key.principal, key

    def authenticate_header(self, request: Request) -> str | None:
        """A refused key gets 401 with this challenge; requests without one keep their 403.

        DRF asks only the first authentication class, so the answer depends on whether the
        request presented a key: session and anonymous requests are answered as before.
        """
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, token = header.partition(" ")
        if scheme.lower() in SCHEMES and token.strip().startswith(f"{KEY_PREFIX}_"):
            return 'Bearer realm="api"'
        return None
