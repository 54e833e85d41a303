from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        # The admin's own password form would skip MFA, rate limits and the sign-in policy:
        # send it to allauth's sign-in page instead.
        admin.site.login = secure_admin_login(admin.site.login)
