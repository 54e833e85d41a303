"""Invalidate the tenant middleware's host → municipality cache when tenancy rows change.

Connected to the model signals (``TenantsConfig.ready``) rather than called from each service,
so that every path that saves a municipality or a domain — services, the admin through them,
django-tenants' own ``Domain.save`` — drops the entries. Entries are deleted at once and again
after commit, so a request that read the old row during the transaction cannot keep it cached.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django_tenants.utils import schema_context

from valmo.middleware import routing_local_forget
from valmo.tenancy import public_schema_name, routing_cache_key

from .models import Domain, Municipality


def _delete(keys: list[str]) -> None:
    # The cache's key function prefixes the current schema; the middleware reads and writes
    # the entries while the connection is on the public schema.
    with schema_context(public_schema_name()):
        cache.delete_many(keys)


def routing_cache_forget(hostnames: list[str]) -> None:
    routing_local_forget(hostnames)
    keys = [routing_cache_key(host) for host in hostnames if host]
    if not keys:
        return
    _delete(keys)

    def after_commit() -> None:
        routing_local_forget(hostnames)
        _delete(keys)

    transaction.on_commit(after_commit)


def _domain_changed(sender, instance: Domain, **kwargs) -> None:
    hosts = [instance.domain]
    if instance.pk:
        # A renamed domain: its old host must stop resolving too.
        hosts += list(Domain.objects.filter(pk=instance.pk).values_list("domain", flat=True))
    routing_cache_forget(hosts)


def _municipality_changed(sender, instance: Municipality, **kwargs) -> None:
    if instance.pk:
        routing_cache_forget(
            list(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
        )


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    pre_save.connect(_domain_changed, sender=Domain, dispatch_uid="routing_cache_domain_save")
    post_save.connect(_domain_changed, sender=Domain, dispatch_uid="routing_cache_domain_saved")
    post_delete.connect(_domain_changed, sender=Domain, dispatch_uid="routing_cache_domain_del")
    post_save.connect(
        _municipality_changed, sender=Municipality, dispatch_uid="routing_cache_municipality"
    )
    pre_delete.connect(
        _municipality_changed, sender=Municipality, dispatch_uid="routing_cache_municipality_del"
    )
