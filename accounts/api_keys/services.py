"""API key writes: create (the secret is returned once), revoke, and record use."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.common import on_public_schema, refuse
from accounts.models import API_KEY_ROLES, ApiKey, User
from accounts.permissions import permission_required_for
from valmo import acting

from .network import networks_parse
from .selectors import KEY_PREFIX, secret_digest

# How often the last-use time is written at most: one UPDATE a minute per key, not per request.
LAST_USED_RESOLUTION = timedelta(seconds=60)
MAX_LIFETIME = timedelta(days=2 * 365)


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    token: str  # shown to the tenant admin once; never stored


@transaction.atomic
@permission_required_for("integration.manage")
def api_key_create(
    *,
    actor: User,
    name: str,
    role: str,
    expires_at: datetime,
    allowed_networks: str | list[str] = "",
    rate_limit_per_minute: int | None = None,
) -> CreatedKey:
    """Create a key acting with ``role``'s permissions; return it with its one-time token."""
    if on_public_schema():
        raise refuse("role", gettext("API keys belong to a municipality."))
    name = name.strip()
    if not name:
        raise refuse("name", gettext("Give the key a name."))
    if role not in API_KEY_ROLES:
        raise refuse("role", gettext("Choose a staff role for the key."))
    now = timezone.now()
    if expires_at <= now:
        raise refuse("expires_at", gettext("The expiry must be in the future."))
    if expires_at > now + MAX_LIFETIME:
        raise refuse("expires_at", gettext("A key may be valid for at most two years."))
    try:
        networks = networks_parse(allowed_networks)
    except ValidationError as error:
        raise refuse("allowed_networks", error.messages[0]) from None
    rate = rate_limit_per_minute or settings.VALMO_API_KEY_RATE_LIMIT_PER_MINUTE
    if not 1 <= rate <= 6000:
        raise refuse(
            "rate_limit_per_minute",
            gettext("The rate limit must be between 1 and 6000 per minute."),
        )
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    principal = User.objects.create_user(
        email=f"api-key-{prefix}@api-keys.invalid",
        password=None,  # unusable: the principal can never sign in
        role=role,
        first_name=gettext("API key"),
        last_name=name[:150],
    )
    key = ApiKey(
        name=name,
        prefix=prefix,
        secret_hash=secret_digest(secret),
        role=role,
        principal=principal,
        allowed_networks=networks,
        rate_limit_per_minute=rate,
        created_at=now,
        created_by=actor,
        expires_at=expires_at,
    )
    key.full_clean(exclude=["principal", "created_by"])
    key.save()
    acting.event_record(
        action="create",
        obj=key,
        section="integrations",
        detail={
            "role": role,
            "prefix": prefix,
            "networks": networks,
            "expires_at": str(expires_at),
        },
    )
    return CreatedKey(key=key, token=f"{KEY_PREFIX}_{prefix}_{secret}")


@transaction.atomic
@permission_required_for("integration.manage")
def api_key_revoke(*, actor: User, key: ApiKey) -> ApiKey:
    """Revoke the key at once; its acting account is deactivated with it. Idempotent."""
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = actor
        key.save(update_fields=["revoked_at", "revoked_by"])
        User.objects.filter(pk=key.principal_id).update(is_active=False)
        acting.event_record(
            action="change", obj=key, section="integrations", detail={"revoked": key.prefix}
        )
    return key


def api_key_use_record(*, key: ApiKey, at: datetime | None = None) -> bool:
    """Record that the key was used; at most one UPDATE per key and minute. True if written.

    Called by the authentication class on every request, before any actor exists: the
    conditional UPDATE is the cheap, race-free way to keep ``last_used_at`` roughly current.
    """
    at = at or timezone.now()
    if key.last_used_at is not None and at - key.last_used_at < LAST_USED_RESOLUTION:
        return False
    written = (
        ApiKey.objects.filter(pk=key.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=at - LAST_USED_RESOLUTION))
        .update(last_used_at=at)
    )
    if written:
        key.last_used_at = at
    return bool(written)
