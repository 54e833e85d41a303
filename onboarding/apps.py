from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """The top layer: onboarding a municipality and the demo data, over every other app.

    Public-schema models only (onboarding requests, setup decisions); the operator's pages
    on the public host, the public request form, and each municipality's setup checklist.
    Nothing below it imports it: it registers where a tenant admin lands after signing in.
    """

    name = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.adapters import login_landing_register

        from .selectors import setup_landing_url_name

        def setup_landing(user) -> str:
            name = setup_landing_url_name(user)
            return reverse(name) if name else ""

        login_landing_register(setup_landing)
