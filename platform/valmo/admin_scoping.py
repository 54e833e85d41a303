"""Keep each admin page in its own schema.

One admin site serves both the public host and every municipality host. Public models (the
list of municipalities) must never show on a municipality host and tenant models do not
exist in the public schema, so every ModelAdmin declares where it belongs.
"""

from __future__ import annotations

from django.db import connection
from django_tenants.utils import get_public_schema_name


def _on_public() -> bool:
    return connection.schema_name == get_public_schema_name()


class _ScopedAdminMixin:
    def _in_scope(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def has_module_permission(self, request):
        return self._in_scope() and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._in_scope() and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._in_scope() and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._in_scope() and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._in_scope() and super().has_delete_permission(request, obj)


class PublicAdminMixin(_ScopedAdminMixin):
    def _in_scope(self) -> bool:
        return _on_public()


class TenantAdminMixin(_ScopedAdminMixin):
    def _in_scope(self) -> bool:
        return not _on_public()
