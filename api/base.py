"""Base class for every API view: tenant-scoped, permission-checked and audited.

A view declares ``permission_action`` (a rule of ``accounts.permissions``) and implements
``base_queryset()``. The base class narrows that queryset to what the user may reach under the
action, checks the action for the request and for each object, and records a read event in
the audit log for every trainee-data row it serializes. Subclasses may not override the
methods that do this (enforced when the class is created).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, cast

from django.db.models import QuerySet
from django.http import Http404
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from accounts import permissions as rules
from accounts.models import User
from coaching import selectors as coaching_selectors
from privacy import audit
from valmo.tenancy import on_public_schema

PROTECTED_METHODS = (
    "initial",
    "get_queryset",
    "get_permissions",
    "check_permissions",
    "check_object_permissions",
    "get_serializer",
    "request_action",
)


class ActionPermission(permissions.BasePermission):
    """The view's action for this request, checked by the one permission module."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return rules.can(request.user, cast("TenantApiView", view).request_action())

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return rules.can(request.user, cast("TenantApiView", view).request_action(), obj)


class TenantApiView(GenericAPIView[Any]):
    permission_classes = [ActionPermission]
    permission_action: ClassVar[str] = ""
    # The action writes (POST, PUT, PATCH, DELETE) need, when it differs from the read action.
    write_permission_action: ClassVar[str] = ""
    # Prefetched relations shown with each row whose rows are logged as read too.
    audit_related: ClassVar[tuple[str, ...]] = ()
    audit_parent: Any = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        overridden = [name for name in PROTECTED_METHODS if name in cls.__dict__]
        if overridden:
            raise TypeError(
                f"{cls.__name__} overrides {', '.join(overridden)}; implement base_queryset() "
                "and declare permission_action instead."
            )
        if cls.permission_action:
            rules.rule_for(cls.permission_action)
        if cls.write_permission_action:
            rules.rule_for(cls.write_permission_action)

    def request_action(self) -> str:
        """The rule this request is checked (and its rows scoped) under."""
        if self.write_permission_action and self.request.method not in permissions.SAFE_METHODS:
            return self.write_permission_action
        return self.permission_action

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if on_public_schema():
            raise Http404
        if not self.permission_action:
            raise TypeError(f"{type(self).__name__} declares no permission_action")
        super().initial(request, *args, **kwargs)
        if self.lookup_field in kwargs and request.method not in permissions.SAFE_METHODS:
            # A write to an object outside the caller's reach is a 404 before its body is read
            # or its If-Match compared: the answer never depends on what was sent.
            self.get_object()

    def get_permissions(self) -> Sequence[permissions.BasePermission]:
        return [ActionPermission()]

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return rules.scope_queryset(self.request.user, self.request_action(), self.base_queryset())

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        instance = args[0] if args else kwargs.get("instance")
        if instance is not None:
            rows = list(instance) if kwargs.get("many") else [instance]
            if args:
                args = (rows if kwargs.get("many") else instance, *args[1:])
            else:
                kwargs["instance"] = rows if kwargs.get("many") else instance
            self.audit_read(rows)
        return super().get_serializer(*args, **kwargs)

    def get_object(self) -> Any:
        found = super().get_object()
        # A child collection of this object (a period's diary, say) may be empty; showing it
        # still reads the object's trainee, so ``paged`` logs the object then.
        self.audit_parent = found
        return found

    def audit_read(self, rows: Iterable[Any], *, section: str = "") -> None:
        """Record that these rows were shown, when the action's rule marks trainee data.

        ``audit_related`` names prefetched relations whose rows are shown with each row (an
        activity's participants): those are logged too.
        """
        rule = rules.rule_for(self.permission_action)
        if rule.trainee_data:
            rows = list(rows)
            related = [
                child
                for name in self.audit_related
                for row in rows
                for child in getattr(row, name).all()
            ]
            audit.record_rows(
                "read", [*rows, *related], section=section or rule.section, purpose=rule.purpose
            )


def actor_of(request: Request) -> User:
    """The signed-in user; the permission check has already refused anonymous requests."""
    return cast("User", request.user)


def paged(view: TenantApiView, rows: QuerySet[Any], serializer_class: Any) -> Response:
    """One cursor page of ``rows`` (a child collection of the view's object), audited."""
    page = view.paginate_queryset(rows)
    items = list(page if page is not None else rows)
    parent = getattr(view, "audit_parent", None)
    view.audit_read(items if items or parent is None else [parent])
    data = serializer_class(items, many=True, context={"request": view.request}).data
    return view.get_paginated_response(data) if page is not None else Response(data)


class PeriodChildListApi(TenantApiView):
    """A collection that belongs to one period (``/periods/{id}/<children>/``): ``GET`` answers
    one cursor page of ``child_rows(period)``, audited (the period itself when the page is
    empty). The period is reached under the view's action like any object, so another
    group's period is a 404 and a role without the action a 403.

    Subclasses declare ``permission_action``, ``serializer_class`` (a row) and
    ``child_rows``; the schema (examples) goes on the subclass with ``extend_schema_view``.
    """

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.period_list()

    def child_rows(self, period: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        return paged(self, self.child_rows(period), self.serializer_class)


class PeriodChildListCreateApi(PeriodChildListApi):
    """A period's collection that also takes new rows: ``POST`` validates the body with
    ``create_serializer_class`` and hands it to ``child_create``, which calls the service
    (under ``write_permission_action``) and returns the new row, re-read for display, and
    whether it is new (201) or an existing one answered again (200). The row shown is audited.
    """

    create_serializer_class: ClassVar[Any] = None

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        data = self.create_serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        row, created = self.child_create(period, dict(data.validated_data))
        self.audit_read([row])
        body = self.get_serializer_class()(row, context={"request": request}).data
        return Response(body, status=201 if created else 200)
