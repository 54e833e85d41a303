"""Sending an invitation e-mail: the work of the ``accounts.invitation_send`` task.

Kept apart from ``accounts.services`` (which queues the task) so that the task module and the
services do not import each other.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from tenants.models import Municipality
from valmo.tenancy import current_schema_name, is_public_schema

from .common import INVITATION_SALT
from .models import Invitation, User


def invitation_token(invitation: Invitation) -> str:
    """Return the secret part of the invitation link (a signature, never stored)."""
    return signing.dumps(
        {"s": current_schema_name(), "i": invitation.pk, "n": invitation.nonce},
        salt=INVITATION_SALT,
        compress=True,
    )


def _link_base(schema_name: str) -> tuple[str, str]:
    """Return (host, language) of the schema that sends the e-mail."""
    tenant = Municipality.objects.filter(schema_name=schema_name).first()
    if tenant is None:
        return settings.VALMO_BASE_DOMAIN, settings.LANGUAGE_CODE
    domain = tenant.get_primary_domain()
    host = domain.domain if domain else settings.VALMO_BASE_DOMAIN
    language = settings.LANGUAGE_CODE if is_public_schema(schema_name) else tenant.default_language
    return host, language


def absolute_url(host: str, path: str) -> str:
    """Link for an e-mail: https in production; the development server's port otherwise."""
    if settings.PRODUCTION:
        return f"https://{host}{path}"
    return f"http://{host}:{settings.VALMO_DEV_PORT}{path}"


@transaction.atomic
def invitation_deliver(*, invitation_id: int) -> bool:
    """Send the invitation e-mail once, in the schema's default language.

    Returns False (and sends nothing) when the invitation is gone, already sent, accepted
    or replaced, so a retried or duplicated task never sends twice.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("user", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.sent_at is not None or not invitation.is_open:
        return False
    schema = current_schema_name()
    host, language = _link_base(schema)
    path = reverse(
        "invitation_accept",
        kwargs={"token": invitation_token(invitation)},
        urlconf=settings.PUBLIC_SCHEMA_URLCONF
        if is_public_schema(schema)
        else settings.ROOT_URLCONF,
    )
    tenant = Municipality.objects.filter(schema_name=schema).first()
    with translation.override(language):
        context = {
            "user": invitation.user,
            "invited_by": invitation.invited_by,
            "organisation": tenant.name if tenant and not is_public_schema(schema) else "Valmo",
            "is_public": is_public_schema(schema),
            "role": User.Role(invitation.user.role).label if invitation.user.role else "",
            # A trainee gets the same link in plain words: their coach, not an administrator.
            "is_trainee": invitation.user.role == User.Role.TRAINEE,
            "link": absolute_url(host, path),
            "expires_at": timezone.localtime(invitation.expires_at),
        }
        subject = " ".join(
            render_to_string("accounts/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, None, [invitation.user.email])
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return True
