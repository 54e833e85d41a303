"""Admin pages of the platform (public host): regions and municipalities.

Municipalities are onboarded by ``municipality_onboard`` (schema, defaults and admin
together) and regions made by ``region_create``; the pages show them and write only through
those services.
"""

from django.contrib import admin
from django_tenants.admin import TenantAdminMixin

from valmo.admin_scoping import PublicAdminMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline

from . import services
from .models import Domain, Municipality, Region


class DomainInline(ReadOnlyTabularInline):
    model = Domain


@admin.register(Region)
class RegionAdmin(PublicAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    fields = ["name", "slug"]
    service_writes = frozenset({"add"})

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        created = services.region_create(name=obj.name, slug=obj.slug or None, actor=request.user)
        obj.pk = created.pk


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyAdminMixin, PublicAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "region", "is_active", "created_at"]
    list_filter = ["region", "is_active"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "slug", "created_at"]
    inlines = [DomainInline]
