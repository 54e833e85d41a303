from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from coaching.selectors import brand_get

from .navigation import navigation_for, public_navigation_for


def navigation(request) -> dict[str, object]:
    """The main navigation on a municipality's host for a signed-in user."""
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if user is None or not user.is_authenticated or tenant is None:
        return {}
    if tenant.schema_name == "public":
        links = public_navigation_for(user, request.path)
        return {"main_navigation": links, "nav_primary": links, "nav_more": []}
    links = navigation_for(user, request.path)
    more = [link for link in links if not link.primary]
    return {
        "main_navigation": links,
        "nav_primary": [link for link in links if link.primary],
        "nav_more": more,
        "nav_more_current": any(link.current for link in more),
    }


def brand(request) -> dict[str, object]:
    """The municipality's brand for the header, read only when a page uses it (one query)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return {}
    return {"brand": SimpleLazyObject(brand_get)}
