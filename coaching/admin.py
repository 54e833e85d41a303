from django.contrib import admin

from valmo.admin_scoping import TenantAdminMixin

from . import models


class WorkTaskLevelInline(admin.TabularInline):
    model = models.WorkTaskLevel
    extra = 0


class LegalFrameInline(admin.StackedInline):
    model = models.LegalFrame
    extra = 0


@admin.register(models.Site)
class SiteAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "address", "is_active"]
    search_fields = ["name"]


@admin.register(models.WorkUnit)
class WorkUnitAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "department", "site", "contact_name", "is_active"]
    list_filter = ["site", "is_active"]
    search_fields = ["name", "department"]


@admin.register(models.TaskSector)
class TaskSectorAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(models.DifficultyLevel)
class DifficultyLevelAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["level", "name"]


@admin.register(models.WorkTask)
class WorkTaskAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sector", "ordering_unit", "needs_transport", "retired_at"]
    list_filter = ["sector"]
    search_fields = ["name"]
    inlines = [WorkTaskLevelInline]


@admin.register(models.ParticipationStatus)
class ParticipationStatusAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "is_social_welfare", "is_active"]
    inlines = [LegalFrameInline]


@admin.register(models.ServiceForm)
class ServiceFormAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "is_active"]


@admin.register(models.TargetGroup)
class TargetGroupAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(models.Trainee)
class TraineeAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email"]
    search_fields = ["last_name", "first_name", "email"]
