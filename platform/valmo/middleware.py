"""Tenant resolution by host name."""

from __future__ import annotations

from django_tenants.middleware.main import TenantMainMiddleware


class TenantMiddleware(TenantMainMiddleware):
    """Resolve the municipality from the host; inactive municipalities are not served."""

    def get_tenant(self, domain_model, hostname):
        tenant = super().get_tenant(domain_model, hostname)
        if not tenant.is_active and tenant.schema_name != "public":
            raise domain_model.DoesNotExist
        return tenant
