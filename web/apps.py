from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "web"
    verbose_name = _("Web app")

    def ready(self) -> None:
        from django.urls import reverse

        from accounts.adapters import login_landing_register
        from accounts.models import User
        from accounts.permissions import can

        def supervisor_landing(user) -> str:
            """A unit supervisor signs in straight to their placed trainees."""
            return reverse("supervisor_home") if user.role == User.Role.UNIT_SUPERVISOR else ""

        login_landing_register(supervisor_landing)

        def own_pages_landing(user) -> str:
            # A trainee lands on their own pages (/oma/), not on the staff front page.
            return reverse("self_home") if can(user, "self.view") else ""

        login_landing_register(own_pages_landing)
