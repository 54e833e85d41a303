"""Account reads: the sign-in policy, invitations, MFA state and single sign-on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext

from valmo.tenancy import current_schema_name

from .common import INVITATION_SALT, SSO_PROVIDER_ID, on_public_schema
from .models import PUBLIC_ROLES, TENANT_ROLES, TENANT_STAFF_ROLES, Invitation, SecurityPolicy, User


def user_list() -> QuerySet[User]:
    return User.objects.all()


def work_coaches_active() -> QuerySet[User]:
    """The work coaches a period, a group day or a filter may name, in the order lists show."""
    # An API key's acting account of the coach role is nobody's coach (``api_key`` set).
    return User.objects.filter(
        role=User.Role.WORK_COACH, is_active=True, api_key__isnull=True
    ).order_by("last_name", "first_name", "pk")


def security_policy_get() -> SecurityPolicy:
    """Return the schema's policy row, or an unsaved row holding the defaults."""
    return SecurityPolicy.objects.filter(singleton=1).first() or SecurityPolicy()


def role_belongs_here(role: str) -> bool:
    """Tenant roles sign in on a municipality's host, operator roles on the public host only."""
    return role in (PUBLIC_ROLES if on_public_schema() else TENANT_ROLES)


def user_is_staff_member(user: User) -> bool:
    """Staff are everyone who may be required to use MFA: all roles except trainees."""
    return user.role in TENANT_STAFF_ROLES or user.role in PUBLIC_ROLES


def user_has_mfa(user: User) -> bool:
    """True when the user has a second factor that is asked at sign-in (TOTP or a key)."""
    has_mfa: bool = Authenticator.objects.filter(  # allauth has no type information
        user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
    return has_mfa


@dataclass(frozen=True)
class InvitationCheck:
    """The invitation a link points at, or why the link cannot be used."""

    invitation: Invitation | None
    problem: str = ""
    code: str = ""


def _link_refused(code: str, message: str) -> ValidationError:
    return ValidationError({"token": [ValidationError(message, code=code)]})


def invitation_get_by_token(*, token: str, for_update: bool = False) -> Invitation:
    """Return the open invitation a link points at, or refuse on ``token`` saying why not.

    The error's code tells the cases apart: ``invalid``, ``used``, ``replaced``, ``expired``.
    """
    try:
        payload = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        payload = None
    invalid = gettext("This invitation link is not valid.")
    if not isinstance(payload, dict) or payload.get("s") != current_schema_name():
        raise _link_refused("invalid", invalid)
    queryset = Invitation.objects.select_related("user")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation_id: Any = payload.get("i")  # whatever the signed payload holds
    invitation = queryset.filter(pk=invitation_id).first()
    if invitation is None or not secrets.compare_digest(invitation.nonce, str(payload.get("n"))):
        raise _link_refused("invalid", invalid)
    if invitation.accepted_at is not None:
        raise _link_refused(
            "used",
            gettext(
                "This invitation has already been used. Sign in with your e-mail address "
                "and password, or reset your password."
            ),
        )
    if invitation.revoked_at is not None:
        raise _link_refused(
            "replaced",
            gettext(
                "This invitation link has been replaced by a newer one. Use the link in "
                "the latest invitation e-mail."
            ),
        )
    if invitation.is_expired() or not invitation.user.is_active:
        raise _link_refused(
            "expired",
            gettext(
                "This invitation link has expired. Ask your administrator to invite you again."
            ),
        )
    return invitation


def invitation_check(*, token: str) -> InvitationCheck:
    """Tell whether an invitation link can still be accepted, without changing anything."""
    try:
        return InvitationCheck(invitation=invitation_get_by_token(token=token))
    except ValidationError as error:
        problem = error.error_dict["token"][0]
        # _link_refused gives every error a plain message and a code.
        return InvitationCheck(
            invitation=None, problem=str(problem.message), code=str(problem.code)
        )


def invitation_open_list() -> QuerySet[Invitation]:
    """Invitations that were sent but not yet accepted, newest first, expired ones included."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("user", "invited_by")
        .order_by("-created_at")
    )


def sso_provider_get() -> SocialApp | None:
    """Return this schema's OpenID Connect app (allauth ``SocialApp``) or None."""
    return SocialApp.objects.filter(provider_id=SSO_PROVIDER_ID).first()


def staff_list() -> QuerySet[User]:
    """The municipality's staff accounts (trainees' accounts are not staff)."""
    return User.objects.exclude(role=User.Role.TRAINEE).order_by("pk")
