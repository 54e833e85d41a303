"""Filtering and ordering on whitelisted fields, validated before they reach a query.

A view declares ``filter_fields`` (query parameter → a ``Filter``: the lookup and the DRF field
that checks the value) and ``ordering_fields`` (public name → model field). Unknown ordering
names and invalid filter values are a 400 naming the parameter; unknown parameters are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request

MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Filter:
    lookup: str
    field: serializers.Field[Any, Any, Any, Any]
    description: str = ""


def id_filter(lookup: str, description: str = "") -> Filter:
    return Filter(lookup, serializers.IntegerField(min_value=1, max_value=MAX_ID), description)


def choice_filter(lookup: str, choices: Any, description: str = "") -> Filter:
    return Filter(lookup, serializers.ChoiceField(choices=choices), description)


def date_filter(lookup: str, description: str = "") -> Filter:
    return Filter(lookup, serializers.DateField(), description)


def bool_filter(lookup: str, description: str = "") -> Filter:
    return Filter(lookup, serializers.BooleanField(), description)


def _schema_of(field: serializers.Field[Any, Any, Any, Any]) -> dict[str, Any]:
    if isinstance(field, serializers.IntegerField):
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if isinstance(field, serializers.ChoiceField):
        return {"type": "string", "enum": [str(key) for key in field.choices]}
    if isinstance(field, serializers.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, serializers.BooleanField):
        return {"type": "boolean"}
    return {"type": "string"}


class WhitelistFilterBackend(BaseFilterBackend):
    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        filters: dict[str, Filter] = getattr(view, "filter_fields", {})
        lookups: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for name, spec in filters.items():
            raw = request.query_params.get(name)
            if raw is None or raw == "":
                continue
            try:
                lookups[spec.lookup] = spec.field.run_validation(raw)
            except ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            raise ValidationError(errors)
        return queryset.filter(**lookups) if lookups else queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        filters: dict[str, Filter] = getattr(view, "filter_fields", {})
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": spec.description
                or _("Only rows with this %(name)s.") % {"name": name},
                "schema": _schema_of(spec.field),
            }
            for name, spec in filters.items()
        ]


class WhitelistOrderingFilter(BaseFilterBackend):
    """``?ordering=name,-start_on`` over the view's ``ordering_fields`` only."""

    ordering_param = "ordering"

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> list[str]:
        """Used by the cursor pagination as well, so that pages follow the chosen order."""
        allowed: dict[str, str] = getattr(view, "ordering_fields", {})
        raw = request.query_params.get(self.ordering_param)
        if not raw:
            return list(getattr(view, "ordering", None) or ["pk"])
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        bad = [term for term in terms if term.lstrip("-") not in allowed]
        if bad or not terms or len(terms) > 1:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Order by one of: %(names)s (prefix - for descending).")
                        % {"names": ", ".join(sorted(allowed)) or "-"}
                    ]
                }
            )
        term = terms[0]
        field = allowed[term.lstrip("-")]
        return [f"-{field}" if term.startswith("-") else field]

    def filter_queryset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> QuerySet[Any]:
        return queryset.order_by(*self.get_ordering(request, queryset, view))

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        allowed: dict[str, str] = getattr(view, "ordering_fields", {})
        if not allowed:
            return []
        names = sorted(allowed)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": _("Sort order: one field name, prefix - for descending."),
                "schema": {"type": "string", "enum": names + [f"-{name}" for name in names]},
            }
        ]
