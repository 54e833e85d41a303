"""Admin pages of coaching on municipality hosts.

Configuration without a service (participation statuses with their legal frames, …) is
edited here with the models' own validation. Every
model that a service writes is read-only here, or its admin write goes through the service:
the rules (legal frames, group-size limits, phase history, one open period) live there.
"""

from django.contrib import admin

from valmo.admin_scoping import (
    ReadOnlyAdminMixin,
    ReadOnlyTabularInline,
    ServiceFormAdminMixin,
    ServiceWrittenNeverDeletedMixin,
    TenantAdminMixin,
)

from . import models, services


class WorkTaskLevelInline(ReadOnlyTabularInline):
    model = models.WorkTaskLevel


class LegalFrameInline(admin.StackedInline):
    model = models.LegalFrame
    extra = 0


@admin.register(models.Site)
class SiteAdmin(ServiceWrittenNeverDeletedMixin, TenantAdminMixin, admin.ModelAdmin):
    """Through ``site_create`` / ``site_update``; never deleted (work units point at it)."""

    list_display = ["name", "address", "is_active"]
    search_fields = ["name"]
    fields = ["name", "address", "is_active"]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            return services.site_update(
                actor=request.user,
                site=obj,
                name=data["name"],
                address=data["address"],
                is_active=data["is_active"],
            )
        return services.site_create(actor=request.user, name=data["name"], address=data["address"])


@admin.register(models.WorkUnit)
class WorkUnitAdmin(ServiceWrittenNeverDeletedMixin, TenantAdminMixin, admin.ModelAdmin):
    """Through ``work_unit_create`` / ``work_unit_update``; never deleted (placements)."""

    list_display = ["name", "department", "site", "contact_name", "is_active"]
    list_filter = ["site", "is_active"]
    search_fields = ["name", "department"]
    fields = [
        "name",
        "department",
        "site",
        "contact_name",
        "contact_email",
        "contact_phone",
        "supervisor",
        "is_active",
    ]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "site": data["site"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
            "department": data["department"],
            "supervisor": data["supervisor"],
        }
        if change:
            return services.work_unit_update(
                actor=request.user, unit=obj, is_active=data["is_active"], **fields
            )
        return services.work_unit_create(actor=request.user, **fields)


# The task catalogue is written by coaching.services.catalogue (the screens under
# /asetukset/tehtavat/ and the API): read-only here.
@admin.register(models.TaskSector)
class TaskSectorAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(models.DifficultyLevel)
class DifficultyLevelAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["level", "name"]


@admin.register(models.WorkTask)
class WorkTaskAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sector", "ordering_unit", "needs_transport", "retired_at"]
    filter_horizontal = ["required_equipment"]
    list_filter = ["sector"]
    search_fields = ["name"]
    inlines = [WorkTaskLevelInline]


@admin.register(models.ParticipationStatus)
class ParticipationStatusAdmin(ServiceFormAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    """Name and use through ``participation_status_update``; the statutory frames inline.

    Statuses come from the national defaults: not added or deleted here (periods point at
    them). The municipality's own stricter limits are set on ``/asetukset/osallistumismuodot/``.
    """

    list_display = ["name", "code", "is_social_welfare", "is_active"]
    fields = ["name", "code", "is_social_welfare", "has_subsidy_type", "is_active"]
    readonly_fields = ["code", "is_social_welfare", "has_subsidy_type"]
    inlines = [LegalFrameInline]
    service_writes = frozenset({"change"})

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        return services.participation_status_update(
            actor=request.user, status=obj, name=data["name"], is_active=data["is_active"]
        )


@admin.register(models.ServiceForm)
class ServiceFormAdmin(ServiceWrittenNeverDeletedMixin, TenantAdminMixin, admin.ModelAdmin):
    """Through ``service_form_create`` / ``service_form_update``; retired, never deleted."""

    list_display = ["name", "code", "is_active"]
    fields = ["name", "description", "is_active"]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            return services.service_form_update(
                actor=request.user,
                service_form=obj,
                name=data["name"],
                description=data["description"],
                is_active=data["is_active"],
            )
        return services.service_form_create(
            actor=request.user, name=data["name"], description=data["description"]
        )


@admin.register(models.TargetGroup)
class TargetGroupAdmin(ServiceWrittenNeverDeletedMixin, TenantAdminMixin, admin.ModelAdmin):
    """Through ``target_group_create`` / ``target_group_update``; retired, never deleted."""

    list_display = ["name", "code", "is_active"]
    fields = ["name", "is_active"]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            return services.target_group_update(
                actor=request.user,
                target_group=obj,
                name=data["name"],
                is_active=data["is_active"],
            )
        return services.target_group_create(actor=request.user, name=data["name"])


@admin.register(models.Trainee)
class TraineeAdmin(ServiceWrittenNeverDeletedMixin, TenantAdminMixin, admin.ModelAdmin):
    """Added and changed through ``trainee_create`` / ``trainee_update``; erasure is the
    retention's job (``trainee.erase``), never a delete here."""

    list_display = ["last_name", "first_name", "email"]
    search_fields = ["last_name", "first_name", "email"]
    fields = list(services.trainees.EDITABLE_FIELDS)

    def service_save(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields if name in form.cleaned_data}
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            return services.trainee_update(actor=request.user, trainee=obj, changes=changed)
        return services.trainee_create(actor=request.user, **data)


class PartnerContactInline(ReadOnlyTabularInline):
    model = models.PartnerContact


@admin.register(models.PartnerOrganisation)
class PartnerOrganisationAdmin(ServiceWrittenNeverDeletedMixin, TenantAdminMixin, admin.ModelAdmin):
    """Added and changed through ``partner_organisation_create`` / ``_update``; never deleted
    (referrals keep their sender), retired instead."""

    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    fields = ["name", "kind", "is_active"]
    inlines = [PartnerContactInline]

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            return services.partner_organisation_update(
                actor=request.user,
                organisation=obj,
                name=data["name"],
                kind=data["kind"],
                is_active=data["is_active"],
            )
        return services.partner_organisation_create(
            actor=request.user, name=data["name"], kind=data["kind"]
        )


@admin.register(models.PartnerContact)
class PartnerContactAdmin(ServiceWrittenNeverDeletedMixin, TenantAdminMixin, admin.ModelAdmin):
    """Contact persons, through ``partner_contact_create`` / ``_update``; never deleted."""

    list_display = ["name", "organisation", "is_case_manager", "is_active"]
    list_filter = ["is_case_manager", "is_active"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    fields = ["organisation", "name", "title", "email", "phone", "is_case_manager", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation"] if obj is not None else []

    def service_save(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        if change:
            data.pop("organisation", None)
            return services.partner_contact_update(actor=request.user, contact=obj, **data)
        data.pop("is_active", None)
        return services.partner_contact_create(actor=request.user, **data)


@admin.register(models.CoachingSettings)
class CoachingSettingsAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Saved through ``coaching_settings_update`` (its permission and rules apply)."""

    list_display = ["group_size_soft_limit", "group_size_hard_limit", "follow_up_months"]
    fields = [
        "group_size_soft_limit",
        "group_size_hard_limit",
        "follow_up_months",
        "personal_identity_code_enabled",
    ]
    service_writes = frozenset({"add", "change"})

    def has_add_permission(self, request, *args) -> bool:
        exists = models.CoachingSettings.objects.exists()
        return not exists and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        saved = services.coaching_settings_update(
            actor=request.user, **{name: form.cleaned_data[name] for name in self.fields}
        )
        obj.pk = saved.pk


class ReferralAttachmentInline(ReadOnlyTabularInline):
    model = models.ReferralAttachment


@admin.register(models.Referral)
class ReferralAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
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


class PeriodTransitionInline(ReadOnlyTabularInline):
    model = models.PeriodTransition
    readonly_fields = ["from_phase", "to_phase", "actor", "at", "reason"]


class PeriodStatusInline(ReadOnlyTabularInline):
    model = models.PeriodStatus


@admin.register(models.CoachingPeriod)
class CoachingPeriodAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["trainee", "phase", "coach", "start_on", "planned_end_on", "outcome"]
    list_filter = ["phase", "outcome"]
    search_fields = ["trainee__last_name", "trainee__first_name"]
    # Phase, coach, dates and statuses change only through the services, which hold the
    # group-size limits and legal frames and record the history.
    inlines = [PeriodStatusInline, PeriodTransitionInline]


@admin.register(models.TaskAssignment)
class TaskAssignmentAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["period", "task", "level"]


@admin.register(models.DailyEntry)
class DailyEntryAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["period", "date", "attendance", "hours"]
    list_filter = ["attendance", "date"]


@admin.register(models.FollowUpContact)
class FollowUpContactAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["period", "date", "kind"]


@admin.register(models.DiaryEntry)
class DiaryEntryAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    """Shared entries only: a private diary stays private, also from the admin."""

    list_display = ["period", "date", "author", "commented_by"]
    list_filter = ["date"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_shared=True)


class GoalReviewInline(ReadOnlyTabularInline):
    model = models.GoalReview
    readonly_fields = ["date", "reviewer", "note", "from_status", "to_status"]


@admin.register(models.Goal)
class GoalAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["text", "period", "source", "status", "review_due_on"]
    list_filter = ["status", "source"]
    search_fields = ["text", "period__trainee__last_name"]
    # Goals and their status change only through the services; reviews keep the history.
    inlines = [GoalReviewInline]


@admin.register(models.ActivityType)
class ActivityTypeAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]


class ActivityParticipantInline(ReadOnlyTabularInline):
    model = models.ActivityParticipant
    readonly_fields = ["period", "attendance", "note", "recorded_by", "recorded_at"]


@admin.register(models.Activity)
class ActivityAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["title", "type", "starts_at", "place", "organiser"]
    list_filter = ["type"]
    search_fields = ["title", "place", "organiser"]
    inlines = [ActivityParticipantInline]


class WorkOrderTaskInline(ReadOnlyTabularInline):
    model = models.WorkOrderTask


class WorkOrderToolInline(ReadOnlyTabularInline):
    model = models.WorkOrderTool


class WorkOrderStatusChangeInline(ReadOnlyTabularInline):
    model = models.WorkOrderStatusChange
    readonly_fields = ["from_status", "to_status", "actor", "at", "reason"]


@admin.register(models.WorkOrder)
class WorkOrderAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["ordering_unit", "requested_start_on", "requested_end_on", "status", "coach"]
    list_filter = ["status", "ordering_unit"]
    search_fields = ["description", "ordering_unit__name"]
    # Orders, their tasks, tools and status change only through the services.
    inlines = [WorkOrderTaskInline, WorkOrderToolInline, WorkOrderStatusChangeInline]
    # The assigned trainees are shown on the staff's order page, named only to those who may
    # see their periods and logged as read; here they would show to every admin, unlogged.
    exclude = ["periods"]


@admin.register(models.EquipmentType)
class EquipmentTypeAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(models.EquipmentIssue)
class EquipmentIssueAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["trainee", "equipment_type", "size", "issued_on", "returned_on"]
    list_filter = ["equipment_type"]
    search_fields = ["trainee__last_name", "trainee__first_name"]


class LockerAssignmentInline(ReadOnlyTabularInline):
    model = models.LockerAssignment
    readonly_fields = ["trainee", "key_issued_on", "issued_by", "key_returned_on", "received_by"]


@admin.register(models.Locker)
class LockerAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["number", "site", "is_active"]
    list_filter = ["site", "is_active"]
    inlines = [LockerAssignmentInline]
