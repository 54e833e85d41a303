from django.contrib import admin
from django_tenants.admin import TenantAdminMixin

from valmo.admin_scoping import PublicAdminMixin

from .models import Domain, Municipality, Region


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Region)
class RegionAdmin(PublicAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]


@admin.register(Municipality)
class MunicipalityAdmin(PublicAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "region", "is_active", "created_at"]
    list_filter = ["region", "is_active"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "slug", "created_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request) -> bool:
        # Onboarding creates schema, defaults and admin together: use onboard_municipality.
        return False
