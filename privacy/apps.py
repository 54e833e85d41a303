from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Write capture is generic: every model with a path to Trainee is audited on save and
        # delete, so models added later by other apps are covered without extra code.
        from .audit import connect_write_capture

        connect_write_capture()
