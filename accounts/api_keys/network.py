"""The client's IP address and address-range checks for API keys.

Trust: ``REMOTE_ADDR`` is the client unless ``VALMO_TRUSTED_PROXY_COUNT`` (default 0) says how
many reverse proxies of our own sit in front of Django. Each proxy appends the address it saw
to ``X-Forwarded-For``, so the client is the N-th entry from the right; entries further left
were written by the client and are never trusted. With fewer entries than proxies the request
did not come through them, and ``REMOTE_ADDR`` is used.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request) -> str:
    """The client's address as trusted by ``VALMO_TRUSTED_PROXY_COUNT``."""
    proxies = int(getattr(settings, "VALMO_TRUSTED_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in (request.META.get("HTTP_X_FORWARDED_FOR", "") or "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def networks_parse(text: str | Iterable[str]) -> list[str]:
    """Parse address ranges (CIDR or single addresses, one per line or comma-separated).

    Return them normalised (``10.0.0.0/8``); raise ``ValidationError`` naming the bad entry.
    """
    parts = text.replace(",", "\n").split() if isinstance(text, str) else list(text)
    found: list[str] = []
    for part in parts:
        try:
            network = ipaddress.ip_network(part.strip(), strict=False)
        except ValueError:
            raise ValidationError(
                gettext("%(value)s is not an IP address or address range (CIDR).")
                % {"value": part[:60]}
            ) from None
        if str(network) not in found:
            found.append(str(network))
    if len(found) > 50:
        raise ValidationError(gettext("Give at most 50 address ranges."))
    return found


def ip_allowed(address: str, networks: Iterable[str]) -> bool:
    """True when no ranges are set, or ``address`` lies in one of them."""
    ranges = list(networks)
    if not ranges:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in ranges)
