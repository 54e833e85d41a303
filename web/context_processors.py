from __future__ import annotations

from .navigation import navigation_for


def navigation(request) -> dict[str, object]:
    """The main navigation on a municipality's host for a signed-in user."""
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if user is None or not user.is_authenticated or tenant is None:
        return {}
    if tenant.schema_name == "public":
        return {}
    return {"main_navigation": navigation_for(user, request.path)}
