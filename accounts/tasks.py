"""Account background tasks: thin entry points that take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from .invitation_mail import invitation_deliver


@shared_task(
    name="accounts.invitation_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def invitation_send(invitation_id: int) -> bool:
    """E-mail an invitation link; a no-op once sent, accepted or replaced."""
    return invitation_deliver(invitation_id=invitation_id)
