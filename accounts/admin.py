from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .common import on_public_schema
from .models import Invitation, SecurityPolicy, User
from .services import security_policy_update


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "title", "phone")}),
        (_("Role"), {"fields": ("role", "is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),
    )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent from the Invitations page (``staff_invite``)."""

    list_display = ["user", "invited_by", "created_at", "sent_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = [
        "user",
        "invited_by",
        "created_at",
        "expires_at",
        "sent_at",
        "accepted_at",
        "revoked_at",
    ]
    exclude = ["nonce"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin):
    """Edits go through ``security_policy_update`` so its rules and permission apply."""

    list_display = ["__str__", "mfa_required_for_staff", "session_idle_minutes", "updated_at"]
    fields = [
        "mfa_required_for_staff",
        "session_idle_minutes",
        "trainee_sign_in_allowed",
        "sso_new_staff_role",
    ]

    def get_fields(self, request, obj=None):
        if on_public_schema():
            return ["mfa_required_for_staff", "session_idle_minutes"]
        return self.fields

    def has_add_permission(self, request):
        return not SecurityPolicy.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = security_policy_update(
            actor=request.user,
            **{name: form.cleaned_data[name] for name in self.get_fields(request, obj)},
        )
        obj.pk = saved.pk
