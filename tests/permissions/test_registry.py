"""Nothing reaches trainee data without a declared rule.

A new URL, API view, service or admin page that does not declare its action in
``accounts.permissions`` fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from accounts import permissions
from valmo import graph

ROOT = Path(__file__).resolve().parents[2]


def _patterns(patterns, prefix=""):
    """(route, callback) of every URL."""
    for route, callback, _, _ in _walk(patterns, prefix):
        yield route, callback


def _walk(patterns, prefix="", namespace="", urlconf=""):
    """(route, callback, namespace, including URL conf module) of every URL."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            name = entry.urlconf_name
            module = name if isinstance(name, str) else getattr(name, "__name__", urlconf)
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                entry.namespace or namespace,
                module,
            )
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback, namespace, urlconf


def _undeclared(urlconf: str) -> list:
    undeclared = []
    for route, callback, namespace, module in _walk(get_resolver(urlconf).url_patterns):
        action = permissions.view_action(callback, namespace, module)
        if action not in permissions.RULES:
            undeclared.append((route, getattr(callback, "__qualname__", callback), action))
    return undeclared


def _first_party_tenant_apps() -> list[str]:
    apps = []
    for name in settings.TENANT_APPS:
        module = importlib.import_module(name)
        if Path(module.__file__).resolve().is_relative_to(ROOT):
            apps.append(name)
    return apps


def _service_functions():
    """Public functions of every first-party tenant app's ``services`` (module or package)."""
    for app in _first_party_tenant_apps():
        try:
            services = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        modules = [services]
        if hasattr(services, "__path__"):
            modules += [
                importlib.import_module(f"{services.__name__}.{info.name}")
                for info in pkgutil.iter_modules(services.__path__)
            ]
        for module in modules:
            for name, func in vars(module).items():
                if (
                    not name.startswith("_")
                    and inspect.isfunction(func)
                    and getattr(inspect.unwrap(func), "__module__", "").startswith(app)
                ):
                    yield f"{module.__name__}.{name}", func


def test_every_tenant_url_declares_a_known_action():
    assert _undeclared(settings.ROOT_URLCONF) == []


def test_every_public_url_declares_a_known_action():
    """The public host also serves the API to operators under /support/<municipality>/."""
    assert _undeclared(settings.PUBLIC_SCHEMA_URLCONF) == []


def test_the_walk_sees_the_api_and_the_app():
    routes = {
        route: permissions.view_action(callback, namespace, module)
        for route, callback, namespace, module in _walk(
            get_resolver(settings.ROOT_URLCONF).url_patterns
        )
    }
    assert routes["api/v1/trainees/<int:pk>/"] == "trainee.view"
    assert routes["api/v1/trainees/<int:pk>/restricted/"] == "trainee.restricted.view"
    assert routes["tehtavat/"] == "catalogue.view"
    assert len(routes) > 40


def test_an_undeclared_view_is_caught():
    def plain_view(request):  # pragma: no cover - never called
        return None

    assert permissions.view_action(plain_view) is None

    from api.base import TenantApiView

    class Undeclared(TenantApiView):
        def get(self, request):  # pragma: no cover - never called
            return None

    assert permissions.view_action(Undeclared.as_view()) is None


def test_an_api_view_may_not_bypass_the_base_class():
    from api.base import TenantApiView

    with pytest.raises(TypeError, match="get_queryset"):

        class Sneaky(TenantApiView):
            permission_action = "trainee.view"

            def get_queryset(self):  # pragma: no cover - refused at class creation
                return None

    with pytest.raises(Exception, match="Unknown permission action"):

        class Misspelt(TenantApiView):
            permission_action = "trainee.veiw"


# Functions with an ``actor`` parameter that are checks, not services.
NOT_SERVICES: set[str] = set()


def test_every_service_with_an_actor_declares_a_known_action():
    found, undeclared = [], []
    for name, func in _service_functions():
        if "actor" not in inspect.signature(func).parameters:
            continue
        if name.rsplit(".", 1)[1] in NOT_SERVICES:
            continue
        found.append(name)
        action = getattr(func, "permission_action", None)
        if action not in permissions.RULES:
            undeclared.append(name)
    assert "coaching.services.coaching_period_transition" in found
    assert "privacy.services.trainee_export" in found
    assert sorted(set(undeclared)) == []


def test_registered_service_actions_are_rules():
    assert permissions.SERVICE_ACTIONS
    assert set(permissions.SERVICE_ACTIONS.values()) <= set(permissions.RULES)


def test_every_tenant_admin_page_of_trainee_data_declares_its_actions():
    undeclared = []
    for model, model_admin in admin.site._registry.items():
        if not graph.is_trainee_data(model):
            continue
        actions = permissions.admin_actions_for(model)
        if actions is None:
            undeclared.append(model._meta.label)
            continue
        for operation in ("view", "change", "add", "delete"):
            assert actions.for_operation(operation) in permissions.RULES
        from valmo.admin_scoping import TenantAdminMixin

        assert isinstance(model_admin, TenantAdminMixin), model._meta.label
    assert undeclared == []


def test_admin_action_table_names_known_rules():
    tables = [*permissions.ADMIN_ACTIONS.values(), permissions.CONFIGURATION_ADMIN]
    tables += permissions.ADMIN_ACTIONS_BY_CONFIG_MODEL.values()
    for actions in tables:
        for operation in ("view", "change", "add", "delete"):
            assert actions.for_operation(operation) in permissions.RULES
