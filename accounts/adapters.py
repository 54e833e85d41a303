"""django-allauth adapters: who may sign in where, and how single sign-on finds accounts."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from .common import on_public_schema
from .models import TENANT_STAFF_ROLES, User
from .selectors import role_belongs_here, security_policy_get, user_is_staff_member


def sign_in_refusal(user: User) -> str:
    """Return why ``user`` may not sign in on this host right now, or an empty string."""
    if not role_belongs_here(user.role):
        # The same person may have accounts elsewhere; this host is not where this one lives.
        return gettext("This account cannot sign in here.")
    if user.role == User.Role.TRAINEE and not security_policy_get().trainee_sign_in_allowed:
        return gettext("Trainees cannot sign in to this service at the moment.")
    return ""


# Where a user lands after signing in on a municipality's host, asked of the layers above
# (onboarding sends a tenant admin to the setup checklist until the municipality is ready).
# Each hook returns a URL or an empty string; the first URL wins.
LoginLandingHook = Callable[[User], str]
_LOGIN_LANDING_HOOKS: list[LoginLandingHook] = []


def login_landing_register(hook: LoginLandingHook) -> None:
    """Register ``hook`` once (from an upper app's ``AppConfig.ready``)."""
    if hook not in _LOGIN_LANDING_HOOKS:
        _LOGIN_LANDING_HOOKS.append(hook)


def _refused_response(request, message: str):
    return render(request, "account/sign_in_refused.html", {"message": message}, status=403)


class AccountAdapter(DefaultAccountAdapter):
    """Self-registration is closed: staff are invited, trainees are created by staff."""

    def is_open_for_signup(self, request) -> bool:
        return bool(getattr(settings, "ACCOUNT_ALLOW_REGISTRATION", False))

    def pre_login(self, request, user, **kwargs):
        refusal = sign_in_refusal(user)
        if refusal:
            clear_login(request)
            return _refused_response(request, refusal)
        return super().pre_login(request, user, **kwargs)

    def get_login_redirect_url(self, request) -> str:
        if on_public_schema():
            user = request.user
            if user.role == User.Role.PLATFORM_OPERATOR:
                return reverse("operator_home")  # onboarding.urls: requests and onboarding
            if user.is_staff:
                return reverse("admin:index")
            if user.role == User.Role.REGIONAL_COORDINATOR:
                return reverse("coordinator_overview")  # web.coordinator_urls
            return reverse("landing")
        for hook in _LOGIN_LANDING_HOOKS:
            url = hook(request.user)
            if url:
                return url
        return super().get_login_redirect_url(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on signs in existing staff only, matched by a verified e-mail address.

    New accounts are created only when the schema's policy names a role for them.
    """

    def list_apps(self, request, provider=None, client_id=None):
        if on_public_schema():
            return []
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if app.settings.get("enabled", True)]

    def pre_social_login(self, request, sociallogin) -> None:
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None:
            if not self._new_staff_role():
                raise ImmediateHttpResponse(
                    _refused_response(
                        request,
                        gettext(
                            "No Valmo account here matches the e-mail address your organisation "
                            "reported. Ask your administrator for an invitation."
                        ),
                    )
                )
            return
        if user.role not in TENANT_STAFF_ROLES:
            raise ImmediateHttpResponse(
                _refused_response(request, gettext("Single sign-on is for staff only."))
            )

    def _new_staff_role(self) -> str:
        if on_public_schema():
            return ""
        return security_policy_get().sso_new_staff_role

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return bool(self._new_staff_role()) and any(
            address.verified for address in sociallogin.email_addresses
        )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.role = self._new_staff_role()
        return user


class MFAAdapter(DefaultMFAAdapter):
    """Name the municipality in authenticator apps; keep the last factor when MFA is required."""

    def get_totp_issuer(self) -> str:
        tenant = getattr(connection, "tenant", None)
        name = getattr(tenant, "name", "") if not on_public_schema() else ""
        return f"Valmo – {name}" if name else "Valmo"

    def _get_site_name(self) -> str:
        return self.get_totp_issuer()

    def can_delete_authenticator(self, authenticator) -> bool:
        user = authenticator.user
        if not (security_policy_get().mfa_required_for_staff and user_is_staff_member(user)):
            return True
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        others = Authenticator.objects.filter(
            user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exclude(pk=authenticator.pk)
        return others.exists()
