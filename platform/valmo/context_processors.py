from __future__ import annotations

from django.db import connection


def tenant(request) -> dict[str, object]:
    current = getattr(request, "tenant", None)
    is_public = current is None or connection.schema_name == "public"
    return {"current_tenant": None if is_public else current, "is_public_site": is_public}
