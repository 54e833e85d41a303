"""Tenancy background tasks."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


@shared_task(
    name="tenants.tenant_admin_invitation_send",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def tenant_admin_invitation_send(user_id: int) -> bool:
    """E-mail the first tenant admin a link to set a password; a no-op once they have one."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    from accounts.models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None or user.has_usable_password():
        return False
    from tenants.models import Municipality

    tenant = Municipality.objects.get(schema_name=connection.schema_name)
    host = tenant.get_primary_domain().domain
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
        urlconf=settings.ROOT_URLCONF,
    )
    scheme = "https" if settings.PRODUCTION else "http"
    port = "" if settings.PRODUCTION else ":8000"
    with translation.override(tenant.default_language):
        subject = _("You have been invited to Valmo – %(municipality)s") % {
            "municipality": tenant.name
        }
        body = _(
            "You are the administrator of %(municipality)s in Valmo.\n\n"
            "Set your password here:\n%(link)s\n\n"
            "The link can be used once."
        ) % {"municipality": tenant.name, "link": f"{scheme}://{host}{port}{path}"}
    send_mail(subject, body, None, [user.email])
    return True
