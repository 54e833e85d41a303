"""Admin pages of accounts: users, invitations and the sign-in policy.

Users, their e-mail addresses, invitations and single sign-on are written by services
(``staff_invite``, ``invitation_accept``, ``sso_provider_configure`` …), so their pages here
are read-only but for a staff member's role, details and activity (``staff_update``); the
security policy is saved through ``security_policy_update``.
"""

# allauth registers its admin pages when its own admin modules are imported; import them
# first so the pages of service-written models can be replaced by read-only ones below.
import allauth.account.admin
import allauth.socialaccount.admin
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from valmo.admin_scoping import ReadOnlyAdminMixin, ServiceFormAdminMixin

from .common import ACCOUNT_ADMIN_ACTION, on_public_schema
from .models import Invitation, SecurityPolicy, User
from .permissions import can
from .services import security_policy_update, staff_update

for _model, _admin_class in (
    (EmailAddress, allauth.account.admin.EmailAddressAdmin),
    (SocialAccount, allauth.socialaccount.admin.SocialAccountAdmin),
    (SocialApp, allauth.socialaccount.admin.SocialAppAdmin),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_admin_class.__name__, (ReadOnlyAdminMixin, _admin_class), {}))


@admin.register(User)
class UserAdmin(ServiceFormAdminMixin, BaseUserAdmin):
    """Accounts are made by invitation (``staff_invite``); role, details and activity change
    through ``staff_update``, which keeps an active administrator and the coaches' periods."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "title", "phone")}),
        (_("Role"), {"fields": ("role", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["email", "last_login", "date_joined"]
    service_writes = frozenset({"change"})
    changed_by_service = ("role", "is_active", "first_name", "last_name", "title", "phone")

    def _administers(self, request) -> bool:
        """The permission layer decides (Django's model permissions are not consulted)."""
        return can(request.user, ACCOUNT_ADMIN_ACTION)

    def has_module_permission(self, request) -> bool:
        return self._administers(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._administers(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._administers(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def user_change_password(self, request, id, form_url=""):
        """Passwords are set by their owner (invitation, reset), never by another person."""
        raise PermissionDenied

    def service_save(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.changed_by_service}
        return staff_update(actor=request.user, user=obj, **data)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
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


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin):
    """Edits go through ``security_policy_update`` so its rules and permission apply."""

    list_display = ["__str__", "mfa_required_for_staff", "session_idle_minutes", "updated_at"]
    service_writes = frozenset({"add", "change"})
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
