"""Which webhook URLs may be called: HTTPS to public addresses only (no SSRF).

A tenant admin chooses the URL, and the server calls it: without these checks a URL could
reach the metadata service, the database or other hosts inside our network. So the URL must
be ``https``, and every address its host resolves to must be public (not private, loopback,
link-local, multicast, reserved or unspecified). The check runs when the subscription is
saved and again before every delivery (DNS may have changed); redirects are not followed.
``VALMO_WEBHOOK_ALLOW_LOCAL_HTTP`` (tests and local development only) also admits
``http://127.0.0.1``, ``http://[::1]`` and ``http://localhost``.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext

LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class TargetRefused(ValueError):
    """The URL may not be called; the message is translated and names the reason."""


def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise TargetRefused(gettext("The address's host name cannot be resolved.")) from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return address.is_global and not address.is_multicast


def target_check(url: str, *, resolve: bool = True) -> str:
    """Return the URL when it may be called; raise ``TargetRefused`` otherwise."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused(gettext("Enter a valid URL.")) from None
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        raise TargetRefused(gettext("Enter a valid URL without user name or password."))
    local_allowed = settings.VALMO_WEBHOOK_ALLOW_LOCAL_HTTP and host in LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local_allowed):
        raise TargetRefused(gettext("The URL must begin with https://."))
    if local_allowed or not resolve:
        return url
    addresses = _resolve(host, port or 443)
    if not addresses or not all(_public(address) for address in addresses):
        raise TargetRefused(
            gettext("The URL points to a private or local network address; use a public one.")
        )
    return url
