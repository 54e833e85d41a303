"""Tenant resolution by host name."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from django_tenants.middleware.main import TenantMainMiddleware

from .tenancy import is_public_schema


class TenantMiddleware(TenantMainMiddleware):
    """Resolve the municipality from the host; inactive municipalities are not served."""

    def get_tenant(self, domain_model, hostname):
        tenant = super().get_tenant(domain_model, hostname)
        if not tenant.is_active and not is_public_schema(tenant.schema_name):
            raise domain_model.DoesNotExist
        return tenant


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
