"""Onboarding requests: the operator's form and the public form, one path to onboarding.

Both end in the Celery task ``onboarding.request_run``, which runs
``onboarding.services.municipality_onboard`` (split from ``services`` so the task module can
import that without a circle: request_services -> tasks -> services).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from tenants.models import Municipality, Region
from tenants.services import onboarding_errors, slug_from_name
from valmo.errors import refuse
from valmo.integrity import constraint_errors

from .models import OnboardingRequest
from .selectors import onboarding_request_open_exists
from .tasks import onboarding_request_run


def _request_errors(
    *, name: str, region: str, domain: str, admin_email: str
) -> tuple[dict[str, list[str]], Region | None]:
    """The onboarding checks of tenancy, plus no other open request for the same host."""
    errors, region_obj = onboarding_errors(
        name=name,
        slug=slug_from_name(name),
        slug_given=False,
        domain=domain,
        region=region,
        admin_email=admin_email,
    )
    if "domain" not in errors and onboarding_request_open_exists(domain=domain):
        errors["domain"] = [gettext("A request for this domain is already open.")]
    return errors, region_obj


def _language_errors(default_language: str) -> dict[str, list[str]]:
    if default_language not in Municipality.Language.values:
        return {"default_language": [gettext("Choose one of the languages offered.")]}
    return {}


def _request_save(request: OnboardingRequest) -> OnboardingRequest:
    request.full_clean()
    with constraint_errors():
        request.save()
    return request


def _run_queue(request_id: int) -> None:
    transaction.on_commit(lambda: onboarding_request_run.delay(request_id))


@transaction.atomic
@permission_required_for("onboarding.manage")
def onboarding_request_create(
    *,
    actor: User,
    name: str,
    region: str,
    domain: str,
    admin_email: str,
    default_language: str = "fi",
    mfa_required: bool = True,
) -> OnboardingRequest:
    """An operator creates a municipality: checked now, built by a Celery task after commit.

    The request records the progress (queued, being created, ready or failed with the
    errors by field) for the operator's page.
    """
    name, domain, admin_email = name.strip(), domain.strip().lower(), admin_email.strip().lower()
    errors, region_obj = _request_errors(
        name=name, region=region, domain=domain, admin_email=admin_email
    )
    errors.update(_language_errors(default_language))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    request = _request_save(
        OnboardingRequest(
            name=name,
            region=region_obj,
            domain=domain,
            admin_email=admin_email,
            default_language=default_language,
            mfa_required=mfa_required,
            source=OnboardingRequest.Source.OPERATOR,
            status=OnboardingRequest.Status.QUEUED,
            created_by=actor,
            decided_by=actor,
            decided_at=now,
        )
    )
    _run_queue(request.pk)
    return request


@transaction.atomic
@permission_required_for("onboarding.request")
def onboarding_request_submit(
    *,
    actor: User | None = None,
    name: str,
    region: str,
    domain: str,
    admin_email: str,
    contact_name: str,
    contact_email: str,
    default_language: str = "fi",
    message: str = "",
) -> OnboardingRequest:
    """A municipality asks for Valmo on the public form; nothing is created until approved."""
    name, domain, admin_email = name.strip(), domain.strip().lower(), admin_email.strip().lower()
    contact_name, contact_email = contact_name.strip(), contact_email.strip().lower()
    errors, region_obj = _request_errors(
        name=name, region=region, domain=domain, admin_email=admin_email
    )
    errors.update(_language_errors(default_language))
    if not contact_name:
        errors["contact_name"] = [gettext("Enter the contact person's name.")]
    try:
        EmailValidator()(contact_email)
    except ValidationError:
        errors["contact_email"] = [gettext("Enter a valid e-mail address.")]
    if len(message) > 2000:
        errors["message"] = [gettext("The message can be at most 2000 characters.")]
    if errors:
        raise ValidationError(errors)
    return _request_save(
        OnboardingRequest(
            name=name,
            region=region_obj,
            domain=domain,
            admin_email=admin_email,
            default_language=default_language,
            contact_name=contact_name,
            contact_email=contact_email,
            message=message.strip(),
            source=OnboardingRequest.Source.PUBLIC,
            status=OnboardingRequest.Status.REQUESTED,
        )
    )


def _locked_request(request_id: int) -> OnboardingRequest:
    request = OnboardingRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise refuse("request", gettext("The request no longer exists."))
    return request


@transaction.atomic
@permission_required_for("onboarding.manage")
def onboarding_request_approve(
    *, actor: User, request_id: int, mfa_required: bool = True
) -> OnboardingRequest:
    """An operator approves a public request: the fields are checked again and it is queued."""
    request = _locked_request(request_id)
    if request.status != OnboardingRequest.Status.REQUESTED:
        raise refuse("request", gettext("Only a request waiting for approval can be approved."))
    errors, _region = onboarding_errors(
        name=request.name,
        slug=slug_from_name(request.name),
        slug_given=False,
        domain=request.domain,
        region=request.region.slug,
        admin_email=request.admin_email,
    )
    if errors:
        raise ValidationError(errors)
    request.status = OnboardingRequest.Status.QUEUED
    request.mfa_required = mfa_required
    request.decided_by = actor
    request.decided_at = timezone.now()
    _request_save(request)
    _run_queue(request.pk)
    return request


@transaction.atomic
@permission_required_for("onboarding.manage")
def onboarding_request_decline(*, actor: User, request_id: int, reason: str) -> OnboardingRequest:
    """An operator declines a public request, with a reason kept on it."""
    request = _locked_request(request_id)
    if request.status != OnboardingRequest.Status.REQUESTED:
        raise refuse("request", gettext("Only a request waiting for approval can be declined."))
    if not reason.strip():
        raise refuse("reason", gettext("Give a reason."))
    request.status = OnboardingRequest.Status.DECLINED
    request.decline_reason = reason.strip()
    request.decided_by = actor
    request.decided_at = timezone.now()
    return _request_save(request)
