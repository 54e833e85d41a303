"""Onboarding background tasks (the task keeps its old ``tenants.`` name for queued messages)."""

from __future__ import annotations

from celery import shared_task

from accounts.models import Invitation, User
from accounts.services import invitation_issue

from .pool import schema_pool_refill


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


@shared_task(name="onboarding.schema_pool_refill")
def schema_pool_refill_task() -> int:
    """Refill the pool of pre-cloned schemas after an onboarding took one (idempotent)."""
    return schema_pool_refill()
