"""Small helpers shared by the account services, selectors, adapters and middleware."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import get_public_schema_name

# Actions these views and services declare for the permission registry (accounts.permissions):
# a person's own account and sign-in pages, and the schema administrator's account settings.
SELF_SERVICE_ACTION = "account.self_service"
ACCOUNT_ADMIN_ACTION = "account.administer"
INVITATION_SALT = "valmo.accounts.invitation"
SSO_PROVIDER_ID = "sso"  # one OIDC app per schema: /accounts/oidc/sso/login/callback/


def refuse(field: str, message: str) -> ValidationError:
    """Build the error every rule violation raises: one translated message naming its field."""
    return ValidationError({field: [message]})


def on_public_schema() -> bool:
    return connection.schema_name == get_public_schema_name()


def declares(action: str):
    """Name the permission action of a view or service; the function checks it itself."""

    def mark(func):
        func.permission_action = action
        return func

    return mark
