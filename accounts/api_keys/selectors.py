"""API key reads: the tenant admin's list and the lookup behind authentication."""

from __future__ import annotations

import hashlib
import hmac

from django.db.models import QuerySet

from accounts.models import ApiKey

KEY_PREFIX = "valmo"


def secret_digest(secret: str) -> str:
    """SHA-256 of the secret, hex.

    The secret is 256 random bits, so a fast hash is enough: nobody can guess their way back
    from a leaked digest, and a slow password hash would only add latency to every request.
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def key_split(token: str) -> tuple[str, str] | None:
    """``valmo_<prefix>_<secret>`` into prefix and secret; None when it is not of that form."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def api_key_for_token(token: str) -> ApiKey | None:
    """The key a presented token belongs to, compared in constant time; None when none."""
    split = key_split(token)
    if split is None:
        return None
    prefix, secret = split
    key = ApiKey.objects.select_related("principal").filter(prefix=prefix[:16]).first()
    if key is None or not hmac.compare_digest(key.secret_hash, secret_digest(secret)):
        return None
    return key


def api_key_list() -> QuerySet[ApiKey]:
    return ApiKey.objects.select_related("created_by", "revoked_by").order_by(
        "revoked_at", "-created_at", "-pk"
    )
