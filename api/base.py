"""Base class for every API view: tenant-scoped, authenticated, staff-only by default."""

from __future__ import annotations

from django.db import connection
from django.http import Http404
from django_tenants.utils import get_public_schema_name
from rest_framework import permissions
from rest_framework.generics import GenericAPIView


class IsTenantStaff(permissions.BasePermission):
    """Signed-in staff of the municipality whose host served the request."""

    def has_permission(self, request, view) -> bool:
        from accounts.models import User

        user = request.user
        return bool(
            user and user.is_authenticated and user.is_active and user.role != User.Role.TRAINEE
        )


class TenantApiView(GenericAPIView):
    permission_classes = [IsTenantStaff]

    def initial(self, request, *args, **kwargs):
        if connection.schema_name == get_public_schema_name():
            raise Http404
        super().initial(request, *args, **kwargs)
