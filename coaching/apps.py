from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from accounts.services import staff_change_guard_register
        from privacy.documents import document_brand_register

        from .selectors import document_brand_get
        from .services.periods import staff_change_check

        staff_change_guard_register(staff_change_check)
        document_brand_register(document_brand_get)
