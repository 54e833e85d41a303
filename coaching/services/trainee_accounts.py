"""A trainee's own sign-in, set up by their coach: an e-mailed invitation or a one-time link.

The account mechanics live in ``accounts.services``; here is who may give which trainee a
sign-in (``trainee.account.manage``: the period's coach and career agent, the tenant admin),
linking the account to the trainee and the audit trail on the trainee.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext

from accounts.models import Invitation, SignInLink, User
from accounts.permissions import permission_required_for
from accounts.services import (
    invitation_issue,
    pending_email_change,
    sign_in_link_issue,
    trainee_user_active_set,
    user_create,
)
from coaching.models import Trainee
from coaching.self_selectors import NO_EMAIL_DOMAIN
from privacy import audit

from .common import refuse


def _audit(trainee: Trainee, what: str) -> None:
    audit.record(action="change", obj=trainee, section="identity", detail={"account": what})


def _trainee_locked(trainee: Trainee) -> Trainee:
    return Trainee.objects.select_for_update(of=("self",)).select_related("user").get(pk=trainee.pk)


def _user_link(trainee: Trainee, user: User) -> None:
    trainee.user = user
    trainee.save(update_fields=["user", "updated_at"])


def _email_clean(email: str) -> str:
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        EmailValidator()(email)
    except ValidationError:
        raise refuse("email", gettext("Enter a valid e-mail address.")) from None
    if email.endswith("." + NO_EMAIL_DOMAIN.split(".")[-1]):
        raise refuse("email", gettext("Enter a valid e-mail address."))
    return email


@transaction.atomic
@permission_required_for("trainee.account.manage", obj="trainee")
def trainee_account_invite(*, actor: User, trainee: Trainee, email: str) -> Invitation:
    """E-mail the trainee a link to set a password (the staff invitation, reused).

    Creates the trainee's account when there is none. Inviting again before the trainee has
    set a password replaces the earlier link (and may correct the address); an account in use
    is refused, and so is an address another account already has.
    """
    trainee = _trainee_locked(trainee)
    email = _email_clean(email)
    user = trainee.user
    if user is not None and user.has_usable_password():
        raise refuse("email", gettext("The trainee already has a password."))
    if user is not None and not user.is_active:
        raise refuse("email", gettext("The account is disabled. Enable it first."))
    taken = User.objects.filter(email=email)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise refuse("email", gettext("%(email)s already has an account here.") % {"email": email})
    if user is None:
        user = user_create(
            email=email,
            role=User.Role.TRAINEE,
            first_name=trainee.first_name,
            last_name=trainee.last_name,
        )
        _user_link(trainee, user)
    elif user.email != email:
        user = pending_email_change(user=user, email=email)
    if not trainee.email:
        trainee.email = email
        trainee.save(update_fields=["email", "updated_at"])
    invitation = invitation_issue(user=user, invited_by=actor)
    _audit(trainee, "invited")
    return invitation


@transaction.atomic
@permission_required_for("trainee.account.manage", obj="trainee")
def trainee_sign_in_link_create(*, actor: User, trainee: Trainee) -> tuple[SignInLink, str]:
    """A one-time sign-in link for a trainee, shown once (also for those without e-mail).

    Creates the account when there is none: under the trainee's e-mail when they have one no
    other account uses, else under a reserved address that receives no mail.
    """
    trainee = _trainee_locked(trainee)
    user = trainee.user
    if user is None:
        email = (trainee.email or "").strip().lower()
        if not email or User.objects.filter(email=email).exists():
            email = f"valmentautuja-{trainee.pk}-{secrets.token_hex(4)}@{NO_EMAIL_DOMAIN}"
        user = user_create(
            email=email,
            role=User.Role.TRAINEE,
            first_name=trainee.first_name,
            last_name=trainee.last_name,
        )
        _user_link(trainee, user)
    link, token = sign_in_link_issue(user=user, issued_by=actor)
    _audit(trainee, "sign_in_link")
    return link, token


@transaction.atomic
@permission_required_for("trainee.account.manage", obj="trainee")
def trainee_account_active_set(*, actor: User, trainee: Trainee, is_active: bool) -> User:
    """Disable the trainee's sign-in (open links and invitations stop working) or enable it."""
    trainee = _trainee_locked(trainee)
    if trainee.user is None:
        raise refuse("is_active", gettext("The trainee has no account yet."))
    user = trainee_user_active_set(user=trainee.user, is_active=is_active)
    _audit(trainee, "enabled" if is_active else "disabled")
    return user
