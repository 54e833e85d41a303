"""Read-only admin for qualification frameworks on the public host.

The rows are written only by the importer (``manage.py import_eperusteet``): editing them by
hand would break the version history that certificates rely on.
"""

from __future__ import annotations

from django.contrib import admin

from valmo.admin_scoping import PublicAdminMixin, ReadOnlyAdminMixin

from .models import Qualification, Requirement, Unit


@admin.register(Qualification)
class QualificationAdmin(ReadOnlyAdminMixin, PublicAdminMixin, admin.ModelAdmin):
    list_display = [
        "name_fi",
        "diaarinumero",
        "eperusteet_id",
        "qualification_type",
        "valid_from",
        "valid_until",
        "current_version",
    ]
    list_filter = ["qualification_type"]
    search_fields = ["name_fi", "name_sv", "name_en", "diaarinumero", "=eperusteet_id"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdminMixin, PublicAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "name_fi",
        "qualification",
        "competence_points",
        "compulsory",
        "introduced_in",
        "superseded_in",
    ]
    list_filter = ["compulsory", "unit_type"]
    list_select_related = ["qualification", "introduced_in", "superseded_in"]
    search_fields = ["code", "name_fi", "name_sv", "=eperusteet_id"]


@admin.register(Requirement)
class RequirementAdmin(ReadOnlyAdminMixin, PublicAdminMixin, admin.ModelAdmin):
    list_display = ["code", "text_fi", "unit", "introduced_in", "superseded_in"]
    list_select_related = ["unit", "introduced_in", "superseded_in"]
    search_fields = ["code", "text_fi", "text_sv", "unit__code"]
