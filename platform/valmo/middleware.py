"""Tenant resolution by host name."""

from __future__ import annotations

import copy
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django_tenants.middleware.main import TenantMainMiddleware

from .tenancy import is_public_schema, routing_cache_key

logger = logging.getLogger(__name__)


class TenantMiddleware(TenantMainMiddleware):
    """Resolve the municipality from the host; inactive municipalities are not served.

    The host's municipality is cached (``VALMO_TENANT_ROUTING_CACHE_SECONDS``, Redis in
    production), which saves the per-request domain query; ``tenants.routing_cache`` deletes
    the entries of a municipality or domain whenever one is saved or deleted. Unknown hosts are
    not cached, so a new domain answers at once.
    """

    def get_tenant(self, domain_model, hostname):
        seconds = getattr(settings, "VALMO_TENANT_ROUTING_CACHE_SECONDS", 0)
        tenant = _local_get(hostname) if seconds else None
        if tenant is None:
            key = routing_cache_key(hostname)
            tenant = _cache_call(cache.get, key) if seconds else None
            if tenant is None:
                tenant = super().get_tenant(domain_model, hostname)
                if seconds:
                    _cache_call(cache.set, key, tenant, seconds)
            if seconds:
                _local_set(hostname, tenant)
        if not tenant.is_active and not is_public_schema(tenant.schema_name):
            raise domain_model.DoesNotExist
        return tenant


# A few seconds' copy in this process in front of the shared cache: a request then needs no
# round trip at all. A change is forgotten here at once (``routing_local_forget``, from the
# same signals as the shared cache) and in other processes within
# ``VALMO_TENANT_ROUTING_LOCAL_SECONDS``.
_LOCAL: dict[str, tuple[float, object]] = {}
_LOCAL_MAX = 2000  # hosts; far beyond Finland's municipalities, bounds a host-header flood


def _local_get(hostname: str):
    entry = _LOCAL.get(hostname)
    if entry is None:
        return None
    if entry[0] <= time.monotonic():
        _LOCAL.pop(hostname, None)
        return None
    return copy.copy(entry[1])  # the request may set attributes on its own tenant


def _local_set(hostname: str, tenant) -> None:
    local = getattr(settings, "VALMO_TENANT_ROUTING_LOCAL_SECONDS", 0)
    if not local:
        return
    if len(_LOCAL) >= _LOCAL_MAX:
        _LOCAL.clear()
    _LOCAL[hostname] = (time.monotonic() + local, copy.copy(tenant))


def routing_local_forget(hostnames: list[str]) -> None:
    """Drop this process's copies of these hosts (a municipality or domain changed)."""
    for hostname in hostnames:
        _LOCAL.pop(hostname, None)


def _cache_call(method, *args):
    """A cache that does not answer (Redis down) only costs the domain query, never a 500."""
    try:
        return method(*args)
    except Exception:  # any cache backend's connection error
        logger.warning("tenant routing cache unavailable", exc_info=True)
        return None


class TenantLocaleMiddleware(LocaleMiddleware):
    """Django's language choice, but falling back to the municipality's default language.

    The visitor's explicit choice (language cookie) and a supported browser language win; a
    browser asking only for unsupported languages gets the municipality's language (e.g.
    Swedish in a Swedish-speaking municipality) instead of the platform-wide Finnish.
    """

    def process_request(self, request):
        super().process_request(request)
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return
        if _browser_language(request) is not None:
            return
        default = getattr(getattr(request, "tenant", None), "default_language", "")
        if default and default in dict(settings.LANGUAGES):
            translation.activate(default)
            request.LANGUAGE_CODE = translation.get_language()


def _browser_language(request) -> str | None:
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None
