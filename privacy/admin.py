"""Admin pages of the audit log, support access and retention (the tenant admin's)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from valmo.admin_scoping import ReadOnlyAdminMixin, TenantAdminMixin

from . import services
from .models import AuditEvent, RetentionRecord, RetentionRule, SupportAccessGrant


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = [
        "at",
        "actor_display",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "trainee_id",
        "section",
        "purpose",
        "ip",
    ]
    list_filter = ["action", "actor_role", "section"]
    search_fields = ["actor_display", "request_id", "=trainee_id", "=actor_id"]
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request, "view", obj)


class SupportAccessGrantForm(forms.ModelForm):
    class Meta:
        model = SupportAccessGrant
        fields = ["operator_email", "starts_at", "ends_at", "reason"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.support_access_check(
                    operator_email=data["operator_email"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages_)
        return data


@admin.action(description=_("Revoke the selected support access now"))
def revoke(modeladmin, request, queryset):
    for grant in queryset.filter(revoked_at__isnull=True):
        services.support_access_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Support access revoked."))


@admin.register(SupportAccessGrant)
class SupportAccessGrantAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Grants are made through the service (validated and audited) and never edited."""

    form = SupportAccessGrantForm
    list_display = ["operator_email", "starts_at", "ends_at", "granted_by", "revoked_at"]
    actions = [revoke]
    service_writes = frozenset({"add"})

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        grant = services.support_access_grant(
            actor=request.user,
            operator_email=obj.operator_email,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            reason=obj.reason,
        )
        obj.pk = grant.pk


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["years", "disposal", "note"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.retention_rule_check(
                    record_type=self.instance.record_type,
                    legal_basis=self.instance.legal_basis,
                    years=data["years"],
                    disposal=data["disposal"],
                )
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages_)
        return data


@admin.register(RetentionRule)
class RetentionRuleAdmin(TenantAdminMixin, admin.ModelAdmin):
    form = RetentionRuleForm
    list_display = ["record_type", "legal_basis", "years", "disposal", "source"]
    readonly_fields = ["record_type", "legal_basis", "source"]
    service_writes = frozenset({"change"})

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        services.retention_rule_update(
            actor=request.user,
            record_type=obj.record_type,
            legal_basis=obj.legal_basis,
            years=obj.years,
            disposal=obj.disposal,
            note=obj.note,
        )


@admin.register(RetentionRecord)
class RetentionRecordAdmin(ReadOnlyAdminMixin, TenantAdminMixin, admin.ModelAdmin):
    list_display = ["trainee_id", "kind", "at", "legal_basis", "rule"]
    list_filter = ["kind", "legal_basis"]

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request, "view", obj)
