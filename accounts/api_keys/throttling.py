"""Per-key rate limit: a DRF throttle keyed on the key's id, its rate set on the key.

Counts live in the default cache (Redis in production, shared by every web process; the
tenant-aware cache key function keeps municipalities apart). Session requests are not limited
here. An exhausted key gets HTTP 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def __init__(self) -> None:  # the rate is per key, read in allow_request
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        key = request.auth
        if not isinstance(key, ApiKey):
            return True
        self.rate = f"{key.rate_limit_per_minute}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        key = request.auth
        return f"throttle_api_key_{key.pk}" if isinstance(key, ApiKey) else None
