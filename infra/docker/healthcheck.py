"""Container health check: GET /health/ on the public host through the local gunicorn.

The Host header is the base domain (the public schema) and X-Forwarded-Proto is https, as the
load balancer sends it, so production's host validation and SSL redirect answer as for a user.
Exit 0 when healthy, 1 otherwise (Docker's and ECS's HEALTHCHECK convention).
"""

import os
import sys
import urllib.error
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health/"
request = urllib.request.Request(
    url,
    headers={
        "Host": os.environ.get("VALMO_BASE_DOMAIN", "localhost"),
        "X-Forwarded-Proto": "https",
    },
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as exc:
    sys.exit(f"unhealthy: {exc}")
