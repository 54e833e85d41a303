"""Operators follow benchmarking runs on the public host: each municipality's status, read only.

Runs are written by the fan-out (``benchmarking.services``), never from the admin.
"""

from django.contrib import admin

from valmo.admin_scoping import PublicAdminMixin, ReadOnlyAdminMixin, ReadOnlyTabularInline

from .models import Run, RunMunicipality


class RunMunicipalityInline(ReadOnlyTabularInline):
    model = RunMunicipality
    fields = ("municipality", "status", "error", "seconds", "started_at", "finished_at")
    readonly_fields = ("municipality", "status", "error", "seconds", "started_at", "finished_at")


@admin.register(Run)
class RunAdmin(ReadOnlyAdminMixin, PublicAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "status", "years", "started_at", "finished_at"]
    list_filter = ["status"]
    inlines = [RunMunicipalityInline]
