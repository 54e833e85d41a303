"""Read-only admin for qualification frameworks on the public host.

The rows are written only by the importer (``manage.py import_eperusteet``, or an import
requested here and run by a worker): editing them by hand would break the version history that
certificates rely on.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from valmo.admin_scoping import PublicAdminMixin, ReadOnlyAdminMixin

from .import_jobs import framework_import_request
from .models import FrameworkImport, Qualification, Requirement, Unit
from .tasks import framework_import_queue


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


class FrameworkImportForm(forms.Form):
    """A new import: an ePerusteet JSON file (plain or gzip) or an ePerusteet id to fetch."""

    document = forms.FileField(label=_("ePerusteet JSON file"), required=False)
    eperusteet_id = forms.IntegerField(label=_("or ePerusteet id"), required=False, min_value=1)


@admin.register(FrameworkImport)
class FrameworkImportAdmin(PublicAdminMixin, admin.ModelAdmin):
    """Operators import a framework here; the row shows the worker's progress.

    The add page goes through ``framework_import_request`` (which checks the operator's
    permission and queues the task); the rows are never edited by hand. A page of an import
    still running reloads itself every two seconds (a ``<meta>`` refresh, no script).
    """

    list_display = ["__str__", "status", "step", "progress", "requested_by", "requested_at"]
    list_filter = ["status"]
    readonly_fields = [
        "status",
        "step",
        "progress",
        "filename",
        "eperusteet_id",
        "requested_by",
        "requested_at",
        "finished_at",
        "version",
        "result",
        "error",
    ]
    fields = tuple(readonly_fields)
    change_form_template = "admin/qualifications/frameworkimport/change_form.html"

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FrameworkImportForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    job = framework_import_request(
                        actor=request.user,
                        upload=form.cleaned_data["document"],
                        eperusteet_id=form.cleaned_data["eperusteet_id"],
                    )
                except ValidationError as error:
                    for name, errors in error.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    framework_import_queue(job.pk)
                    messages.success(request, _("The import is queued."))
                    return redirect(
                        reverse("admin:qualifications_frameworkimport_change", args=[job.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import qualification requirements"),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/qualifications/frameworkimport/add_form.html", context, status=status
        )
