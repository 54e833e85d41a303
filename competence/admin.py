"""Read-only admin for competence data on municipality hosts.

Recognitions, ticks and certificates are written only through ``competence.services``: the
rules (valid requirement rows, where the trainee worked, revisions, frozen certificates) must
not be bypassed by a form.
"""

from django.contrib import admin

from valmo.admin_scoping import ReadOnlyAdminMixin, ReadOnlyTabularInline, TenantAdminMixin

from . import models


class RecognisedRequirementInline(ReadOnlyTabularInline):
    model = models.RecognisedRequirement
    fields = ["requirement"]
    readonly_fields = ["requirement"]


@admin.register(models.LearningEnvironment)
class LearningEnvironmentAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = [
        "place",
        "qualification_version",
        "recognised_on",
        "recogniser_name",
        "recogniser_organisation",
    ]
    list_filter = ["site", "work_unit"]
    list_select_related = ["site", "work_unit", "qualification_version__qualification"]
    inlines = [RecognisedRequirementInline]


@admin.register(models.WorkTaskRequirement)
class WorkTaskRequirementAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["task", "requirement", "mapped_by", "created_at"]
    list_select_related = ["task", "requirement", "mapped_by"]
    search_fields = ["task__name"]


class CompetenceEvidenceInline(ReadOnlyTabularInline):
    model = models.CompetenceEvidence
    fields = ["entry"]
    readonly_fields = ["entry"]


@admin.register(models.CompetenceRecord)
class CompetenceRecordAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = [
        "period",
        "requirement",
        "reached",
        "reached_on",
        "coach",
        "revision",
        "acknowledged_revision",
    ]
    list_filter = ["reached"]
    list_select_related = ["period__trainee", "requirement", "coach"]
    search_fields = ["period__trainee__last_name", "period__trainee__first_name"]
    inlines = [CompetenceEvidenceInline]


@admin.register(models.CompetenceCertificate)
class CompetenceCertificateAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["period", "version", "language", "issued_on", "issued_by", "content_hash"]
    list_select_related = ["period__trainee", "issued_by"]
    search_fields = ["period__trainee__last_name", "content_hash"]
