"""Tenancy writes: regions, the public tenant, and the checks of a new municipality's fields.

Creating a municipality with its configuration and first admin needs the apps above tenancy,
so it lives in ``onboarding.services.municipality_onboard``.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tenants.postgresql_backend.base import is_valid_schema_name
from django_tenants.utils import schema_exists

from valmo.tenancy import public_schema_name

from .models import Domain, Municipality, Region
from .selectors import region_get

HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
RESERVED_SLUGS = {"public", "information_schema", "valmo_template", "www", "admin", "api"}
# PostgreSQL refuses to create schemas with these prefixes (pg_) or keeps its own there.
# Pooled schemas waiting for a municipality are named valmo_pool_… (tenants.schema_pool).
RESERVED_SLUG_PREFIXES = ("pg_", "valmo_pool_")


def reserved_slugs() -> set[str]:
    """Names a municipality's schema may never take: system, public and template schemas."""
    names = set(RESERVED_SLUGS) | {public_schema_name(), settings.VALMO_TEMPLATE_SCHEMA}
    base = getattr(settings, "TENANT_BASE_SCHEMA", "")
    if base:
        names.add(base)
    return {name.lower() for name in names}


def slug_is_reserved(slug: str) -> bool:
    lowered = slug.lower()
    return (
        lowered in reserved_slugs()
        or lowered.startswith(RESERVED_SLUG_PREFIXES)
        or not is_valid_schema_name(slug)
    )


@transaction.atomic
def region_create(*, name: str, slug: str | None = None, actor: object | None = None) -> Region:
    region = Region(name=name.strip(), slug=slug or slugify(name))
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def public_tenant_ensure(*, domain: str) -> Municipality:
    """Create the public-schema tenant row and its host once."""
    public = Municipality.objects.filter(schema_name=public_schema_name()).first()
    if public is None:
        public = Municipality(schema_name=public_schema_name(), slug="public", name="Valmo")
        public.save()
    Domain.objects.get_or_create(domain=domain, defaults={"tenant": public, "is_primary": True})
    return public


def slug_from_name(name: str) -> str:
    return slugify(name).replace("-", "_")


def onboarding_errors(
    *, name: str, slug: str, slug_given: bool, domain: str, region: str, admin_email: str
) -> tuple[dict[str, list[str]], Region | None]:
    errors: dict[str, list[str]] = {}
    if not name.strip() or not any(ch.isalpha() for ch in name):
        errors["name"] = [_("Enter the municipality's name.")]
    elif len(name) > 200:
        errors["name"] = [_("The name can be at most 200 characters.")]
    if "name" in errors and not slug_given:
        pass  # the identifier is derived from the name: the name's error says it all
    elif not SLUG_RE.match(slug):
        errors["slug"] = [
            _(
                "“%(slug)s” is not a valid identifier: use 2–41 lowercase letters, digits or "
                "underscores, starting with a letter."
            )
            % {"slug": slug}
        ]
    elif slug_is_reserved(slug):
        # The identifier derived from the name is reported on the name, so a user who gave
        # no identifier learns which input to change.
        errors["slug" if slug_given else "name"] = [
            _("The identifier “%(slug)s” is reserved by the system; choose another identifier.")
            % {"slug": slug}
        ]
    elif (
        Municipality.objects.filter(slug__iexact=slug).exists()
        or Municipality.objects.filter(schema_name__iexact=slug).exists()
        or schema_exists(slug, case_sensitive=False)
    ):
        errors["slug"] = [
            _("A municipality with the identifier “%(slug)s” already exists.") % {"slug": slug}
        ]
    if not HOSTNAME_RE.match(domain):
        errors["domain"] = [_("“%(domain)s” is not a valid host name.") % {"domain": domain}]
    elif Domain.objects.filter(domain=domain).exists():
        errors["domain"] = [_("The domain “%(domain)s” is already in use.") % {"domain": domain}]
    region_obj = region_get(region) if region else None
    if region_obj is None:
        errors["region"] = [_("Unknown employment area “%(region)s”.") % {"region": region}]
    try:
        EmailValidator()(admin_email)
    except ValidationError:
        errors["admin_email"] = [_("Enter a valid e-mail address.")]
    return errors, region_obj
