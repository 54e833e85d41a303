"""Onboarding background tasks (the task keeps its old ``tenants.`` name for queued messages)."""

from __future__ import annotations

from celery import shared_task

from accounts.models import Invitation, User
from accounts.services import invitation_issue
from tenants.fanout import fan_out_to_tenants

from .import_files import previews_prune

# The pool's refill task lives beside the pool (onboarding.pool), which the onboarding service
# imports; named here so that the worker's autodiscovery registers it.
from .pool import schema_pool_refill_task
from .services import onboarding_request_execute

__all__ = [
    "import_previews_prune_all",
    "import_previews_prune_tenant",
    "onboarding_request_run",
    "schema_pool_refill_task",
    "tenant_admin_invitation_send",
]


@shared_task(
    name="tenants.tenant_admin_invitation_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def tenant_admin_invitation_send(user_id: int) -> bool:
    """Invite the first tenant admin; kept for messages queued before invitations existed.

    Onboarding now calls ``accounts.services.invitation_issue`` itself. A no-op once the
    admin has a password or an open invitation.
    """
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.has_usable_password():
        return False
    if Invitation.objects.filter(
        user=user, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        return False
    invitation_issue(user=user, invited_by=None)
    return True


@shared_task(name="onboarding.request_run", acks_late=True)
def onboarding_request_run(request_id: int) -> str:
    """Build the municipality of a queued onboarding request; a no-op unless it is queued.

    Runs in the public schema (queued from the public host); the service records the
    outcome on the request for the operator's progress page.
    """
    request = onboarding_request_execute(request_id=request_id)
    return request.status if request is not None else "missing"


@shared_task(name="onboarding.import_previews_prune_all")
def import_previews_prune_all() -> list[str]:
    """Queue the prune once in every active municipality (sent from the public schema)."""
    return fan_out_to_tenants(import_previews_prune_tenant)


@shared_task(name="onboarding.import_previews_prune_tenant", acks_late=True)
def import_previews_prune_tenant() -> int:
    """Delete the current municipality's import previews that were never confirmed."""
    return previews_prune()
