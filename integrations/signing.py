"""Webhook signatures: ``Valmo-Signature: t=<unix time>,v1=<hex HMAC-SHA256>``.

The MAC covers ``"<t>.<body>"`` with the subscription's secret, so a receiver can check both
that the body came from us and that it is fresh: reject a timestamp older than the tolerance
(five minutes) and remember delivery ids (``Valmo-Delivery``) to drop replays within it.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Valmo-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return mac.hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={signature(secret, body, timestamp)}"


def signature_verify(
    secret: str,
    body: bytes,
    header: str,
    *,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """What a receiver does (our tests use it too): constant-time compare, fresh timestamp."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    try:
        timestamp = int(fields["t"][0])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret, body, timestamp)
    return any(hmac.compare_digest(expected, value) for value in fields.get("v1", []))
