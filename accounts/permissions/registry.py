"""Which action each service and URL declares: what the registry tests walk."""

from __future__ import annotations

# Service functions that check through this module: "module.function" -> action.
SERVICE_ACTIONS: dict[str, str] = {}

# Views we cannot decorate (third-party and platform): module prefix -> action.
EXTERNAL_VIEW_ACTIONS = {
    "allauth.": "account.self_service",
    # The admin site; every model admin checks its own actions (valmo.admin_scoping).
    "django.contrib.admin.": "admin.site",
    "django.contrib.auth.admin": "admin.site",
    "django.contrib.contenttypes.views": "admin.site",
    "valmo.admin_scoping": "admin.site",
    "django.views.i18n": "public.page",
    "valmo.health": "public.page",
    "valmo.views": "public.page",
    # The API's OpenAPI schema and its Swagger UI / Redoc pages describe, never show, data.
    "drf_spectacular.views": "public.page",
}


# URL namespaces whose views we cannot decorate: namespace -> action.
NAMESPACE_ACTIONS = {"admin": "admin.site"}


def view_action(callback, namespace: str = "", urlconf: str = "") -> str | None:
    """The action a URL's view declares (decorator, view class or DRF class), if any.

    Views we cannot decorate are matched by their module, their URL namespace or the module
    of the URL conf that includes them (e.g. allauth's redirects in ``allauth.urls``).
    """
    for holder in (
        callback,
        getattr(callback, "view_class", None),
        getattr(callback, "cls", None),
    ):
        action = getattr(holder, "permission_action", None) if holder is not None else None
        if action:
            return action
    holder = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    module = getattr(holder, "__module__", "") or ""
    for prefix, action in EXTERNAL_VIEW_ACTIONS.items():
        if module.startswith(prefix) or (urlconf and urlconf.startswith(prefix)):
            return action
    return NAMESPACE_ACTIONS.get(namespace.split(":")[0]) if namespace else None
