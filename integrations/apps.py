from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at module level: services import models, which Django allows only
        # once the app registry is ready.
        from valmo import events

        from . import services, tasks  # noqa: F401 - tasks registers the delivery task

        # coaching and competence publish through the kernel (they never import this app).
        events.subscribe(services.event_fan_out)
