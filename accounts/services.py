"""Account writes."""

from __future__ import annotations

from django.db import transaction

from .models import User


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    title: str = "",
    is_staff: bool = False,
) -> User:
    """Create a user in the current schema; an unusable password until one is set or invited."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        role=role,
        first_name=first_name,
        last_name=last_name,
        title=title,
        is_staff=is_staff,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=bool(password))
    return user
