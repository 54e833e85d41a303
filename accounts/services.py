"""Account writes: users, invitations, the sign-in security policy and single sign-on."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlparse

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tenants.utils import schema_context

from valmo.tenancy import current_schema_name

from .common import (
    ACCOUNT_ADMIN_ACTION,
    SSO_PROVIDER_ID,
    on_public_schema,
    refuse,
)
from .models import (
    PUBLIC_ROLES,
    TENANT_STAFF_ROLES,
    Invitation,
    SecurityPolicy,
    SignInLink,
    User,
)
from .permissions import permission_required_for
from .selectors import invitation_get_by_token
from .tasks import invitation_send


def invitable_roles() -> frozenset[str]:
    """Roles an invitation may give in the current schema (trainees are not staff)."""
    return PUBLIC_ROLES if on_public_schema() else TENANT_STAFF_ROLES


# --- Users ------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    title: str = "",
    phone: str = "",
    is_staff: bool = False,
) -> User:
    """Create a user in the current schema; an unusable password until one is set or invited."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        role=role,
        first_name=first_name,
        last_name=last_name,
        title=title,
        phone=phone,
        is_staff=is_staff,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=bool(password))
    return user


@transaction.atomic
def email_address_confirm(*, user: User) -> None:
    """Mark the user's own address as confirmed (for accounts set up outside the e-mail flow)."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    elif not address.verified or not address.primary:
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        address.verified = True
        address.primary = True
        address.save(update_fields=["verified", "primary"])


# --- Staff accounts -----------------------------------------------------------------------------

# A guard gets (user, new role or None, new active flag or None) and raises ValidationError at
# the field whose change it refuses. Layers above accounts register theirs in AppConfig.ready
# (coaching: a coach with trainees in their group), so accounts imports none of them.
StaffChangeGuard = Callable[[User, str | None, bool | None], None]
_staff_change_guards: list[StaffChangeGuard] = []


def staff_change_guard_register(guard: StaffChangeGuard) -> None:
    if guard not in _staff_change_guards:
        _staff_change_guards.append(guard)


@transaction.atomic
@permission_required_for(ACCOUNT_ADMIN_ACTION)
def staff_update(
    *,
    actor: User,
    user: User,
    role: str | None = None,
    is_active: bool | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    title: str | None = None,
    phone: str | None = None,
) -> User:
    """Change a staff member's role, details or whether the account may sign in.

    Nobody changes their own role or switches themselves off (no admin locks themselves out),
    the schema keeps at least one active administrator, and a deactivated account is signed
    out on its next request (Django's backends refuse inactive users).
    """
    row = User.objects.select_for_update().get(pk=user.pk)
    if row.role not in invitable_roles():
        raise refuse("role", gettext("Only staff accounts are changed here."))
    role_changes = role is not None and role != row.role
    deactivates = is_active is False and row.is_active
    if role_changes and role not in invitable_roles():
        raise refuse("role", gettext("Choose one of the roles offered."))
    if row.pk == actor.pk and role_changes:
        raise refuse("role", gettext("You cannot change your own role."))
    if row.pk == actor.pk and deactivates:
        raise refuse("is_active", gettext("You cannot deactivate your own account."))
    admin_roles = {User.Role.TENANT_ADMIN, User.Role.PLATFORM_OPERATOR}
    if row.role in admin_roles and row.is_active and (role_changes or deactivates):
        # Lock every active administrator first: two admins switching each other off at the
        # same moment are serialised, and the second sees the first's change.
        admins = User.objects.select_for_update().filter(role=row.role, is_active=True)
        if not [admin for admin in admins if admin.pk != row.pk]:
            raise refuse(
                "is_active" if deactivates else "role",
                gettext("The last active administrator must stay an active administrator."),
            )
    for guard in _staff_change_guards:
        guard(row, role if role_changes else None, False if deactivates else None)
    if role_changes:
        assert role is not None
        row.role = role
        row.is_staff = role in admin_roles
    if is_active is not None:
        row.is_active = is_active
    for name, value in (
        ("first_name", first_name),
        ("last_name", last_name),
        ("title", title),
        ("phone", phone),
    ):
        if value is not None:
            setattr(row, name, value.strip())
    row.full_clean(exclude=["password"])
    row.save()
    return row


# --- Invitations ------------------------------------------------------------------------------


@transaction.atomic
@permission_required_for(ACCOUNT_ADMIN_ACTION)
def staff_invite(
    *,
    actor: User,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    title: str = "",
    phone: str = "",
) -> Invitation:
    """Invite a person to this schema: create the account (no password) and e-mail a link.

    Inviting an address again while its owner has not yet set a password replaces the
    earlier link with a new one and re-sends; an account already in use is refused.
    """
    email = User.objects.normalize_email((email or "").strip()).lower()
    errors: dict[str, list[str]] = {}
    try:
        EmailValidator()(email)
    except ValidationError:
        errors["email"] = [gettext("Enter a valid e-mail address.")]
    if role not in invitable_roles():
        errors["role"] = [gettext("Choose one of the roles offered.")]
    if errors:
        raise ValidationError(errors)

    user = User.objects.filter(email=email).first()
    if user is not None and (
        user.has_usable_password() or not user.is_active or user.role not in invitable_roles()
    ):
        raise refuse(
            "email",
            gettext("%(email)s already has an account here.") % {"email": email},
        )
    if user is None:
        user = user_create(
            email=email,
            role=role,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            title=title.strip(),
            phone=phone.strip(),
            is_staff=role in {User.Role.TENANT_ADMIN, User.Role.PLATFORM_OPERATOR},
        )
    else:
        user.role = role
        user.is_staff = role in {User.Role.TENANT_ADMIN, User.Role.PLATFORM_OPERATOR}
        for name, value in (
            ("first_name", first_name),
            ("last_name", last_name),
            ("title", title),
            ("phone", phone),
        ):
            if value.strip():
                setattr(user, name, value.strip())
        user.full_clean(exclude=["password"])
        user.save()
    return invitation_issue(user=user, invited_by=actor)


@transaction.atomic
def invitation_issue(*, user: User, invited_by: User | None) -> Invitation:
    """Replace any open invitation of ``user`` with a new one and queue its e-mail."""
    if user.has_usable_password():
        raise refuse("email", gettext("%(email)s already has a password.") % {"email": user.email})
    now = timezone.now()
    Invitation.objects.select_for_update().filter(
        user=user, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        user=user,
        invited_by=invited_by,
        nonce=secrets.token_urlsafe(24),
        created_at=now,
        expires_at=now + timedelta(days=settings.VALMO_INVITATION_DAYS),
    )
    _queue_invitation_send(invitation.pk)
    return invitation


def _queue_invitation_send(invitation_id: int) -> None:
    schema = current_schema_name()

    def queue() -> None:
        # The callback may run after the caller left the schema; the task runs where it is sent.
        with schema_context(schema):
            invitation_send.delay(invitation_id)

    transaction.on_commit(queue)


@transaction.atomic
def invitation_accept(*, token: str, password1: str, password2: str) -> User:
    """Set the invited person's password and confirm their e-mail address; the link is spent."""
    invitation = invitation_get_by_token(token=token, for_update=True)
    user = invitation.user
    if password1 != password2:
        raise refuse("password2", gettext("The two passwords do not match."))
    try:
        validate_password(password1, user)
    except ValidationError as error:
        raise ValidationError({"password1": list(error.messages)}) from error
    user.set_password(password1)
    user.save(update_fields=["password"])
    email_address_confirm(user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


# --- Security policy --------------------------------------------------------------------------


@transaction.atomic
@permission_required_for(ACCOUNT_ADMIN_ACTION)
def security_policy_update(
    *,
    actor: User,
    mfa_required_for_staff: bool | None = None,
    session_idle_minutes: int | None = None,
    trainee_sign_in_allowed: bool | None = None,
    sso_new_staff_role: str | None = None,
) -> SecurityPolicy:
    """Change the schema's sign-in policy; only its administrator may."""
    policy = SecurityPolicy.objects.select_for_update().filter(singleton=1).first()
    policy = policy or SecurityPolicy()
    if session_idle_minutes is not None and not 5 <= session_idle_minutes <= 480:
        raise refuse(
            "session_idle_minutes",
            gettext("The idle time-out must be between 5 and 480 minutes."),
        )
    if sso_new_staff_role is not None and sso_new_staff_role not in SecurityPolicy.SsoNewStaffRole:
        raise refuse("sso_new_staff_role", gettext("Choose one of the roles offered."))
    if on_public_schema() and sso_new_staff_role:
        raise refuse(
            "sso_new_staff_role",
            gettext("Single sign-on cannot create accounts on the public site."),
        )
    for name, value in (
        ("mfa_required_for_staff", mfa_required_for_staff),
        ("session_idle_minutes", session_idle_minutes),
        ("trainee_sign_in_allowed", trainee_sign_in_allowed),
        ("sso_new_staff_role", sso_new_staff_role),
    ):
        if value is not None:
            setattr(policy, name, value)
    policy.updated_by = actor
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def security_policy_seed(*, mfa_required_for_staff: bool) -> SecurityPolicy:
    """A new municipality's first sign-in policy, as the operator chose it at onboarding.

    Seeding, not a change: the schema has no administrator yet who could be the actor.
    Re-running keeps a policy already stored.
    """
    policy, _created = SecurityPolicy.objects.get_or_create(
        singleton=1, defaults={"mfa_required_for_staff": mfa_required_for_staff}
    )
    return policy


# --- Single sign-on (OpenID Connect) ----------------------------------------------------------


def _issuer_errors(issuer_url: str) -> list[str]:
    parsed = urlparse(issuer_url)
    try:
        URLValidator(schemes=["https", "http"])(issuer_url)
    except ValidationError:
        return [gettext("Enter the issuer URL, for example https://login.example.fi/tenant/v2.0.")]
    if parsed.scheme != "https" and not settings.VALMO_OIDC_ALLOW_HTTP_ISSUER:
        return [gettext("The issuer URL must start with https://.")]
    if parsed.query or parsed.fragment:
        return [gettext("The issuer URL cannot have a query or a fragment.")]
    return []


@transaction.atomic
@permission_required_for(ACCOUNT_ADMIN_ACTION)
def sso_provider_configure(
    *,
    actor: User,
    issuer_url: str,
    client_id: str,
    label: str,
    client_secret: str | None = None,
    enabled: bool = True,
    trust_email: bool = False,
) -> SocialApp:
    """Create or change this municipality's OpenID Connect sign-in (e.g. Entra ID).

    Stored as allauth's ``SocialApp`` in the municipality's own schema. Leaving
    ``client_secret`` empty keeps the stored one. ``trust_email`` treats every e-mail the
    provider reports as verified (Entra ID sends no ``email_verified`` claim; trust it only
    for the municipality's own directory).
    """
    if on_public_schema():
        raise refuse("issuer_url", gettext("Single sign-on is set up per municipality."))
    issuer_url = (issuer_url or "").strip().rstrip("/")
    client_id = (client_id or "").strip()
    label = (label or "").strip()
    app = SocialApp.objects.select_for_update().filter(provider_id=SSO_PROVIDER_ID).first()
    errors: dict[str, list[str]] = {}
    if issuer_errors := _issuer_errors(issuer_url):
        errors["issuer_url"] = issuer_errors
    if not client_id:
        errors["client_id"] = [gettext("Enter the client (application) ID.")]
    elif len(client_id) > 191:
        errors["client_id"] = [gettext("The client ID can be at most 191 characters.")]
    if not label:
        errors["label"] = [gettext("Enter the text of the sign-in button.")]
    elif len(label) > 40:
        errors["label"] = [gettext("The button text can be at most 40 characters.")]
    secret = (client_secret or "").strip()
    if not secret and (app is None or not app.secret):
        errors["client_secret"] = [gettext("Enter the client secret.")]
    if errors:
        raise ValidationError(errors)

    app = app or SocialApp(provider="openid_connect", provider_id=SSO_PROVIDER_ID)
    app.name = label
    app.client_id = client_id
    if secret:
        app.secret = secret
    app.settings = {
        "server_url": issuer_url,
        "enabled": bool(enabled),
        "verified_email": bool(trust_email),
        "email_authentication": True,
        "oauth_pkce_enabled": True,
    }
    app.save()
    return app


@transaction.atomic
@permission_required_for(ACCOUNT_ADMIN_ACTION)
def sso_provider_remove(*, actor: User) -> bool:
    """Remove this municipality's single sign-on; linked identities go with it."""
    SocialAccount.objects.filter(provider=SSO_PROVIDER_ID).delete()
    deleted, _ = SocialApp.objects.filter(provider_id=SSO_PROVIDER_ID).delete()
    return bool(deleted)


# --- Trainees' sign-in ------------------------------------------------------------------------
# The coaching layer decides who may give a trainee a sign-in (``trainee.account.manage``) and
# calls these with the trainee's own user; they hold only the account mechanics.


def sign_in_token_hash(token: str) -> str:
    """The stored form of a one-time link's secret (the secret itself is never stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def sign_in_link_issue(*, user: User, issued_by: User | None) -> tuple[SignInLink, str]:
    """A new one-time sign-in link for a trainee, replacing any open one; returns the secret.

    Only the digest is stored, so the secret can be shown once and never again.
    """
    if user.role != User.Role.TRAINEE:
        raise refuse("user", gettext("One-time sign-in links are for trainees only."))
    if not user.is_active:
        raise refuse("user", gettext("The account is disabled. Enable it first."))
    now = timezone.now()
    SignInLink.objects.select_for_update().filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(24)
    link = SignInLink.objects.create(
        user=user,
        token_hash=sign_in_token_hash(token),
        created_by=issued_by,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.VALMO_SIGN_IN_LINK_MINUTES),
    )
    return link, token


@transaction.atomic
def sign_in_link_use(*, token: str) -> User:
    """Spend a one-time link and return its trainee; refuse on ``token`` saying why not.

    A used, replaced or expired link, or one whose account is disabled, signs nobody in.
    """
    link = (
        SignInLink.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(token_hash=sign_in_token_hash(token or ""))
        .first()
    )
    now = timezone.now()
    invalid = gettext("This sign-in link is not valid. Ask your coach for a new one.")
    if link is None or link.revoked_at is not None:
        raise refuse("token", invalid)
    if link.used_at is not None:
        used = gettext("This sign-in link has already been used. Ask your coach for a new one.")
        raise refuse("token", used)
    if now >= link.expires_at:
        expired = gettext("This sign-in link has expired. Ask your coach for a new one.")
        raise refuse("token", expired)
    if not link.user.is_active or link.user.role != User.Role.TRAINEE:
        raise refuse("token", invalid)
    link.used_at = now
    link.save(update_fields=["used_at"])
    return link.user


@transaction.atomic
def trainee_user_active_set(*, user: User, is_active: bool) -> User:
    """Enable or disable a trainee's account; disabling also voids open links and invitations.

    A disabled account cannot sign in, and its open sessions end on the next request (Django's
    backends refuse inactive users).
    """
    row = User.objects.select_for_update().get(pk=user.pk)
    if row.role != User.Role.TRAINEE:
        raise refuse("user", gettext("Only trainee accounts are changed here."))
    row.is_active = is_active
    row.save(update_fields=["is_active"])
    if not is_active:
        now = timezone.now()
        SignInLink.objects.filter(user=row, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        Invitation.objects.filter(
            user=row, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
    return row


@transaction.atomic
def pending_email_change(*, user: User, email: str) -> User:
    """Correct the address of an account whose owner has not yet set a password.

    The old address was never confirmed; the new one is confirmed when the invitation sent to
    it is accepted (``invitation_accept``).
    """
    if user.has_usable_password():
        raise refuse("email", gettext("%(email)s already has a password.") % {"email": user.email})
    user.email = User.objects.normalize_email(email).lower()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    return user
