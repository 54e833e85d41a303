"""Keep each admin page in its own schema.

One admin site serves both the public host and every municipality host. Public models (the
list of municipalities) must never show on a municipality host and tenant models do not
exist in the public schema, so every ModelAdmin declares where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import Model, QuerySet

from . import graph
from .tenancy import on_public_schema as _on_public


class AdminPermissions(Protocol):
    """What the tenant admin asks the permission layer (``accounts.permissions``)."""

    def admin_actions_for(self, model: type[Model]) -> Any: ...

    def can(self, user: Any, action: str, obj: Model | None = None) -> bool: ...

    def scope_queryset(self, user: Any, action: str, queryset: QuerySet) -> QuerySet: ...


# Registered by the layers above the kernel in their AppConfig.ready (accounts: the permission
# layer; privacy: the audit log's read recorder), so the kernel imports neither. Until the
# permission layer is registered every tenant admin page is refused.
_permissions: AdminPermissions | None = None
_read_recorders: list[Callable[[list], None]] = []


def permissions_register(permissions: AdminPermissions) -> None:
    global _permissions
    _permissions = permissions


def read_recorder_register(recorder: Callable[[list], None]) -> None:
    if recorder not in _read_recorders:
        _read_recorders.append(recorder)


class ReadOnlyAdminMixin:
    """Show the rows, write none: for models whose writes go through their services.

    Put it first in the bases so no later mixin can grant a write. An admin that does write
    a service-written model routes the write through the service instead (``save_model`` /
    ``delete_model``) and names the operations in ``service_writes``; the admin test
    (``tests/platform/test_admin_write_paths.py``) checks both.
    """

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ServiceFormAdminMixin:
    """Save an admin form through its service while the form validates.

    A service's refusal then shows at its field on the admin form (a 200 with the error, as
    for any form error) rather than as a server error after validation. The admin's change
    view is one transaction, so a form that fails later leaves nothing behind. Subclasses
    implement ``service_save`` (return the saved row) and list their operations in
    ``service_writes``.
    """

    def service_save(self, request, obj: Model, form, change: bool) -> Model:
        raise NotImplementedError

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        model_admin = self

        class ServiceForm(form_class):  # type: ignore[misc, valid-type]
            def _post_clean(self) -> None:
                super()._post_clean()
                if self._errors:
                    return
                instance: Model = self.instance  # type: ignore[has-type]  # a ModelForm of any model
                try:
                    saved = model_admin.service_save(request, instance, self, change)
                except ValidationError as error:
                    self._update_errors(error)
                else:
                    self.instance = saved

        return ServiceForm

    def save_model(self, request, obj, form, change) -> None:
        """The service saved the row during validation; only its key is carried over."""
        obj.pk = form.instance.pk


class ServiceWrittenNeverDeletedMixin(ServiceFormAdminMixin):
    """Added and changed through services; retired, never deleted (other rows refer to it)."""

    service_writes = frozenset({"add", "change"})

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class ReadOnlyStackedInline(ReadOnlyAdminMixin, admin.StackedInline):
    extra = 0
    can_delete = False


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
    """A municipality's admin pages, permitted by ``accounts.permissions`` and audited.

    Each model's actions come from ``accounts.permissions.admin_actions_for``: trainee data
    is checked per row and narrowed to the rows the user may reach (a coach sees their own
    group), unlisted trainee data is refused, and other models are configuration. Django's
    model permissions are not consulted, so the one permission module decides everywhere.
    Every trainee-data row shown (list, change, history, delete pages) is logged as a read,
    and foreign keys to trainee data use raw-id widgets limited to visible rows, so a form
    never lists other trainees' names.
    """

    def _in_scope(self) -> bool:
        return not _on_public()

    def _allowed(self, request, operation: str, obj=None) -> bool:
        permissions = _permissions
        if permissions is None:
            return False
        actions = permissions.admin_actions_for(self.model)  # type: ignore[attr-defined]  # mixed into a ModelAdmin
        if actions is None or not self._in_scope():
            return False
        return permissions.can(request.user, actions.for_operation(operation), obj)

    def has_module_permission(self, request):
        return self._allowed(request, "view")

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, "view", obj) or self._allowed(request, "change", obj)

    def has_add_permission(self, request, *args):
        return self._allowed(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, "delete", obj)

    def get_queryset(self, request):
        permissions = _permissions
        queryset = super().get_queryset(request)
        actions = permissions.admin_actions_for(self.model) if permissions is not None else None
        if actions is None or permissions is None:
            return queryset.none()
        return permissions.scope_queryset(request.user, actions.view, queryset)

    def _audit_read(self, rows) -> None:
        if graph.is_trainee_data(self.model):  # type: ignore[attr-defined]  # mixed into a ModelAdmin
            self._audit_rows(rows)

    def _audit_rows(self, rows) -> None:
        rows = list(rows)
        for recorder in _read_recorders:
            recorder(rows)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self._audit_read([obj])
        return obj

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._audit_read(changelist.result_list)
        return response

    def get_deleted_objects(self, objs, request):
        result = super().get_deleted_objects(objs, request)
        # The confirmation page names every related row: log the trainees' rows as read.
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        shown = [row for rows in collector.model_objs.values() for row in rows]
        self._audit_rows([*shown, *collector.protected])
        return result

    def get_inline_instances(self, request, obj=None):
        permissions = _permissions
        kept = []
        for inline in super().get_inline_instances(request, obj):
            if graph.is_trainee_data(inline.model):
                if permissions is None:
                    continue
                actions = permissions.admin_actions_for(inline.model)
                if actions is None or not permissions.can(request.user, actions.view, obj):
                    continue
            kept.append(inline)
        return kept

    def _trainee_data_choices(self, db_field, request, kwargs) -> None:
        permissions = _permissions
        related = db_field.related_model
        if not graph.is_trainee_data(related):
            return
        actions = permissions.admin_actions_for(related) if permissions is not None else None
        queryset = kwargs.get("queryset") or related._default_manager.all()
        kwargs["queryset"] = (
            permissions.scope_queryset(request.user, actions.view, queryset)
            if actions is not None and permissions is not None
            else queryset.none()
        )
        widget = (
            widgets.ManyToManyRawIdWidget
            if db_field.many_to_many
            else widgets.ForeignKeyRawIdWidget
        )
        kwargs["widget"] = widget(db_field.remote_field, self.admin_site)  # type: ignore[attr-defined]  # mixed into a ModelAdmin

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._trainee_data_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._trainee_data_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
