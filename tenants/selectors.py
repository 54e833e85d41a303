"""Tenancy reads (public schema)."""

from __future__ import annotations

from django.db.models import QuerySet

from valmo.tenancy import public_schema_name

from .models import Domain, Municipality, Region


def municipality_list_active() -> QuerySet[Municipality]:
    return (
        Municipality.objects.filter(is_active=True)
        .exclude(schema_name=public_schema_name())
        .select_related("region")
    )


def municipality_get_by_host(host: str) -> Municipality | None:
    domain = Domain.objects.select_related("tenant").filter(domain=host.lower()).first()
    return domain.tenant if domain else None


def region_get(identifier: str) -> Region | None:
    return (
        Region.objects.filter(slug=identifier).first()
        or Region.objects.filter(name__iexact=identifier).first()
    )


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("name")


def municipality_name_of(schema_name: str) -> str:
    """The municipality's name for a schema (a worker's connection knows only the schema)."""
    name = (
        Municipality.objects.filter(schema_name=schema_name).values_list("name", flat=True).first()
    )
    return name or schema_name
