"""Onboarding a municipality: the one write that spans every layer below.

Tenancy checks the fields and creates the schema; coaching seeds the default configuration;
competence loads the platform's capacity instruments; accounts creates and invites the first
tenant admin.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.services import invitation_issue, user_create
from coaching import services as coaching_services
from competence.capacity.services import platform_instruments_sync
from tenants.models import Domain, Municipality
from tenants.schema_pool import pool_size, schema_clone_from_template
from tenants.schema_template import cloning_enabled, template_schema_sync
from tenants.services import onboarding_errors, slug_from_name

from .pool import pooled_schema_take
from .tasks import schema_pool_refill_task


def municipality_onboard(
    *,
    name: str,
    domain: str,
    region: str,
    admin_email: str,
    slug: str | None = None,
    business_id: str = "",
    default_language: str = "fi",
    actor: User | None = None,
) -> Municipality:
    """Create a municipality: schema, host, default configuration and its first admin.

    Everything happens in one transaction (PostgreSQL DDL is transactional), so a failure at
    any step leaves no schema, tenant row or domain behind. The admin's invitation e-mail is
    queued only after commit.

    The schema is a pooled one, renamed (instant), when the pool holds one cloned at the
    current migration head; otherwise the template is cloned here. Either way the pool is
    refilled by a Celery task after commit (docs/performance.md).
    """
    name = name.strip()
    domain = domain.strip().lower()
    admin_email = admin_email.strip().lower()
    slug_arg = slug
    slug = (slug or slug_from_name(name)).strip()
    errors, region_obj = onboarding_errors(
        name=name,
        slug=slug,
        slug_given=bool(slug_arg),
        domain=domain,
        region=region,
        admin_email=admin_email,
    )
    if errors:
        raise ValidationError(errors)

    template_schema_sync()
    with transaction.atomic():
        pooled = pooled_schema_take(schema_name=slug)
        if not pooled and cloning_enabled():
            # Cloned here rather than in save(): django-tenants would also run a faked
            # migrate_schemas, which re-records rows the clone already holds.
            schema_clone_from_template(slug)
        municipality = Municipality(
            schema_name=slug,
            slug=slug,
            name=name,
            region=region_obj,
            business_id=business_id,
            default_language=default_language,
        )
        municipality.full_clean(exclude=["schema_name"])
        try:
            municipality.save(verbosity=0)  # no migration chatter on the console
        except ValidationError as exc:
            # django-tenants' own schema-name check raises a message without a field.
            if hasattr(exc, "error_dict"):
                raise
            raise ValidationError({"slug": exc.messages}) from exc
        Domain.objects.create(domain=domain, tenant=municipality, is_primary=True)
        with schema_context(slug):
            if not pooled:  # a pooled schema was seeded from the same data (onboarding.pool)
                # Through the module, so a test can replace the seed to make onboarding fail.
                coaching_services.tenant_defaults_seed(actor=actor)
                # Platform rows name no publisher: the onboarding actor is a public-schema user.
                platform_instruments_sync()
            admin = user_create(email=admin_email, role=User.Role.TENANT_ADMIN, is_staff=True)
            # The invitation e-mail is queued on commit and sent from the new schema.
            invitation_issue(user=admin, invited_by=None)
        if pool_size():
            transaction.on_commit(schema_pool_refill_task.delay)
    return municipality
