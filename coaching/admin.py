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
    filter_horizontal = ["required_equipment"]
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


class PartnerContactInline(admin.TabularInline):
    model = models.PartnerContact
    extra = 0


@admin.register(models.PartnerOrganisation)
class PartnerOrganisationAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [PartnerContactInline]


@admin.register(models.CoachingSettings)
class CoachingSettingsAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["group_size_soft_limit", "group_size_hard_limit", "follow_up_months"]


class ReferralAttachmentInline(admin.TabularInline):
    model = models.ReferralAttachment
    extra = 0


@admin.register(models.Referral)
class ReferralAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = [
        "trainee",
        "case_manager",
        "legal_basis",
        "requested_status",
        "planned_start_on",
    ]
    list_filter = ["legal_basis", "requested_status", "service_form"]
    search_fields = ["trainee__last_name", "trainee__first_name"]
    # Safety restrictions are need-to-know: they are not shown inline with the referral.
    inlines = [ReferralAttachmentInline]


class PeriodTransitionInline(admin.TabularInline):
    model = models.PeriodTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_phase", "to_phase", "actor", "at", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PeriodStatusInline(admin.TabularInline):
    model = models.PeriodStatus
    extra = 0


@admin.register(models.CoachingPeriod)
class CoachingPeriodAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["trainee", "phase", "coach", "start_on", "planned_end_on", "outcome"]
    list_filter = ["phase", "outcome"]
    search_fields = ["trainee__last_name", "trainee__first_name"]
    # Phase, outcome and dates change only through the services, which record history.
    readonly_fields = ["phase", "phase_before_interruption", "ended_on", "outcome"]
    inlines = [PeriodStatusInline, PeriodTransitionInline]


@admin.register(models.TaskAssignment)
class TaskAssignmentAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["period", "task", "level"]


@admin.register(models.DailyEntry)
class DailyEntryAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["period", "date", "attendance", "hours"]
    list_filter = ["attendance", "date"]


@admin.register(models.FollowUpContact)
class FollowUpContactAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["period", "date", "kind"]


@admin.register(models.DiaryEntry)
class DiaryEntryAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Shared entries only: a private diary stays private, also from the admin."""

    list_display = ["period", "date", "author", "commented_by"]
    list_filter = ["date"]
    readonly_fields = [
        "period",
        "author",
        "date",
        "did",
        "learned",
        "felt",
        "is_shared",
        "coach_comment",
        "commented_by",
        "commented_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_shared=True)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class GoalReviewInline(admin.TabularInline):
    model = models.GoalReview
    extra = 0
    can_delete = False
    readonly_fields = ["date", "reviewer", "note", "from_status", "to_status"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Goal)
class GoalAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["text", "period", "source", "status", "review_due_on"]
    list_filter = ["status", "source"]
    search_fields = ["text", "period__trainee__last_name"]
    # The status changes only through reviews, which keep the history.
    readonly_fields = ["status"]
    inlines = [GoalReviewInline]


@admin.register(models.ActivityType)
class ActivityTypeAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]


class ActivityParticipantInline(admin.TabularInline):
    model = models.ActivityParticipant
    extra = 0
    readonly_fields = ["period", "attendance", "note", "recorded_by", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Activity)
class ActivityAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["title", "type", "starts_at", "place", "organiser"]
    list_filter = ["type"]
    search_fields = ["title", "place", "organiser"]
    inlines = [ActivityParticipantInline]


class WorkOrderTaskInline(admin.TabularInline):
    model = models.WorkOrderTask
    extra = 0


class WorkOrderToolInline(admin.TabularInline):
    model = models.WorkOrderTool
    extra = 0


class WorkOrderStatusChangeInline(admin.TabularInline):
    model = models.WorkOrderStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.WorkOrder)
class WorkOrderAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["ordering_unit", "requested_start_on", "requested_end_on", "status", "coach"]
    list_filter = ["status", "ordering_unit"]
    search_fields = ["description", "ordering_unit__name"]
    # The status changes only through the services, which record the history.
    readonly_fields = ["status"]
    filter_horizontal = ["periods"]
    inlines = [WorkOrderTaskInline, WorkOrderToolInline, WorkOrderStatusChangeInline]


@admin.register(models.EquipmentType)
class EquipmentTypeAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(models.EquipmentIssue)
class EquipmentIssueAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["trainee", "equipment_type", "size", "issued_on", "returned_on"]
    list_filter = ["equipment_type"]
    search_fields = ["trainee__last_name", "trainee__first_name"]


class LockerAssignmentInline(admin.TabularInline):
    model = models.LockerAssignment
    extra = 0
    readonly_fields = ["trainee", "key_issued_on", "issued_by", "key_returned_on", "received_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Locker)
class LockerAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["number", "site", "is_active"]
    list_filter = ["site", "is_active"]
    inlines = [LockerAssignmentInline]
