from __future__ import annotations

from .tenancy import on_public_schema


def tenant(request) -> dict[str, object]:
    current = getattr(request, "tenant", None)
    is_public = current is None or on_public_schema()
    return {"current_tenant": None if is_public else current, "is_public_site": is_public}
