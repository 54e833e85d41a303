from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Imported here, not at module level: the admin site and the permission module import
        # models, which Django allows only once the app registry is ready.
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from valmo import admin_scoping

        from . import permissions

        # The admin's own password form would skip MFA, rate limits and the sign-in policy:
        # send it to allauth's sign-in page instead.
        admin.site.login = secure_admin_login(admin.site.login)
        # The kernel's tenant admin mixin asks the one permission layer (dependency inversion).
        admin_scoping.permissions_register(permissions)
