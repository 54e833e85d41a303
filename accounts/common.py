"""Small helpers shared by the account services, selectors, adapters and middleware."""

from __future__ import annotations

from valmo.errors import refuse
from valmo.tenancy import on_public_schema

__all__ = [
    "ACCOUNT_ADMIN_ACTION",
    "INVITATION_SALT",
    "SELF_SERVICE_ACTION",
    "SSO_PROVIDER_ID",
    "on_public_schema",
    "refuse",
]

# Actions these views and services declare for the permission registry (accounts.permissions):
# a person's own account and sign-in pages, and the schema administrator's account settings.
SELF_SERVICE_ACTION = "account.self_service"
ACCOUNT_ADMIN_ACTION = "account.administer"
INVITATION_SALT = "valmo.accounts.invitation"
SSO_PROVIDER_ID = "sso"  # one OIDC app per schema: /accounts/oidc/sso/login/callback/
