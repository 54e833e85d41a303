"""Onboarding a municipality: the one write that spans every layer below.

Tenancy checks the fields and creates the schema; coaching seeds the default configuration;
competence loads the platform's capacity instruments; accounts creates and invites the first
tenant admin.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.permissions import permission_required_for
from accounts.services import invitation_issue, security_policy_seed, user_create
from coaching import services as coaching_services
from competence.capacity.services import platform_instruments_sync
from tenants.models import Domain, Municipality
from tenants.schema_pool import pool_size, schema_clone_from_template
from tenants.schema_template import cloning_enabled, template_schema_sync
from tenants.services import onboarding_errors, slug_from_name
from valmo.errors import refuse
from valmo.tenancy import on_public_schema

from .models import OnboardingRequest, SetupDecision
from .pool import pooled_schema_take, schema_pool_refill_task


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
    mfa_required: bool | None = None,
) -> Municipality:
    """Create a municipality: schema, host, default configuration and its first admin.

    Everything happens in one transaction (PostgreSQL DDL is transactional), so a failure at
    any step leaves no schema, tenant row or domain behind. The admin's invitation e-mail is
    queued only after commit. ``mfa_required`` (when given) seeds the sign-in policy, so the
    first admin sets up two-factor authentication at the first sign-in.

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
            if mfa_required is not None:
                security_policy_seed(mfa_required_for_staff=mfa_required)
            admin = user_create(email=admin_email, role=User.Role.TENANT_ADMIN, is_staff=True)
            # The invitation e-mail is queued on commit and sent from the new schema.
            invitation_issue(user=admin, invited_by=None)
        if pool_size():
            transaction.on_commit(schema_pool_refill_task.delay)
    return municipality


# --- Requests: building a queued request (queued by onboarding.request_services) ------------


def onboarding_request_execute(*, request_id: int) -> OnboardingRequest | None:
    """Build the municipality of a queued request (the Celery task's body; idempotent).

    Marks the request running in its own transaction, so the progress page shows it, then runs
    ``municipality_onboard``, whose one transaction leaves nothing behind on failure; the
    outcome (ready, or failed with the errors by field) is stored last.
    """
    with transaction.atomic():
        request = OnboardingRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or request.status != OnboardingRequest.Status.QUEUED:
            return request
        request.status = OnboardingRequest.Status.RUNNING
        request.save(update_fields=["status"])
    try:
        municipality = municipality_onboard(
            name=request.name,
            domain=request.domain,
            region=request.region.slug,
            admin_email=request.admin_email,
            default_language=request.default_language,
            actor=request.decided_by,
            mfa_required=request.mfa_required,
        )
    except ValidationError as error:
        request.status = OnboardingRequest.Status.FAILED
        request.errors = (
            error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        )
    else:
        request.status = OnboardingRequest.Status.DONE
        request.municipality = municipality
        request.errors = {}
    request.finished_at = timezone.now()
    with transaction.atomic():
        request.save(update_fields=["status", "errors", "municipality", "finished_at"])
    return request


# --- The setup checklist's decisions ------------------------------------------------------------


@transaction.atomic
@permission_required_for("configuration.change")
def setup_step_decide(*, actor: User, step: str, decided: bool = True) -> SetupDecision | None:
    """The tenant admin records (or withdraws) a decision that completes a setup step.

    Only steps that are decisions may be decided ("single sign-on is not used", "two-factor
    authentication is not required"); every other step is done by its own configuration.
    """
    if step not in SetupDecision.Step.values:
        raise refuse("step", gettext("This step cannot be decided; configure it instead."))
    municipality = getattr(connection, "tenant", None)
    if on_public_schema() or not isinstance(municipality, Municipality):
        raise refuse("step", gettext("Choose this in the municipality's own app."))
    if not decided:
        SetupDecision.objects.filter(municipality=municipality, step=step).delete()
        return None
    decision, _created = SetupDecision.objects.update_or_create(
        municipality=municipality, step=step
    )
    return decision


@transaction.atomic
@permission_required_for("configuration.change")
def municipality_language_set(*, actor: User, default_language: str) -> Municipality:
    """The tenant admin sets the municipality's default language (pages and staff e-mails).

    The row is the public-schema tenant row of the current host; only its language changes.
    """
    municipality = getattr(connection, "tenant", None)
    if on_public_schema() or not isinstance(municipality, Municipality):
        raise refuse("default_language", gettext("Choose this in the municipality's own app."))
    if default_language not in Municipality.Language.values:
        raise refuse("default_language", gettext("Choose one of the languages offered."))
    row = Municipality.objects.select_for_update().get(pk=municipality.pk)
    row.default_language = default_language
    row.save(update_fields=["default_language"])
    municipality.default_language = default_language  # the connection's copy, for this request
    return row
