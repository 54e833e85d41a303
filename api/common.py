"""Small helpers the API's area views share."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.base import TenantApiView


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
