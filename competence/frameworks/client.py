"""Fetching peruste documents from the public ePerusteet API.

Kept apart from the parser (which must stay network-free) and from the services (which take an
already parsed document), so callers decide where documents come from.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

EPERUSTEET_API_BASE = "https://eperusteet.opintopolku.fi/eperusteet-service/api/external"
"""Base URL of the public ePerusteet API; ``/peruste/{id}`` is appended."""

CALLER_ID = "valmo.import"
"""OPH asks every API client to identify itself with a ``Caller-Id`` header."""

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


class EperusteetUnavailableError(Exception):
    """The ePerusteet API could not be reached or did not return the document."""


def peruste_url(eperusteet_id: int, *, api_base: str = EPERUSTEET_API_BASE) -> str:
    return f"{api_base.rstrip('/')}/peruste/{eperusteet_id}"


def peruste_fetch(
    eperusteet_id: int, *, api_base: str = EPERUSTEET_API_BASE, timeout: float = 30.0
) -> tuple[bytes, str]:
    """Download one peruste document; return its raw bytes and the URL it came from."""
    url = peruste_url(eperusteet_id, api_base=api_base)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise EperusteetUnavailableError(f"ePerusteet API base must be http(s), got {api_base!r}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Caller-Id": CALLER_ID, "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(MAX_DOCUMENT_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise EperusteetUnavailableError(
            f"ePerusteet returned HTTP {exc.code} for {url}"
            + (f": no peruste with id {eperusteet_id}" if exc.code == 404 else "")
        ) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise EperusteetUnavailableError(
            f"Could not reach ePerusteet ({url}): {reason}; "
            "download the JSON and pass its path instead"
        ) from exc
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise EperusteetUnavailableError(
            f"ePerusteet document {url} is larger than {MAX_DOCUMENT_BYTES} bytes"
        )
    return raw, url
