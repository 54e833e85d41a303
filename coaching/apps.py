from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from accounts.services import staff_change_guard_register

        from .services.periods import staff_change_check

        staff_change_guard_register(staff_change_check)
