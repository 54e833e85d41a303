from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, not at module level: these modules import models, which Django allows
        # only once the app registry is ready.
        from accounts import permissions
        from valmo import acting, admin_scoping

        from . import audit, support

        # Write capture is generic: every model with a path to Trainee is audited on save and
        # delete, so models added later by other apps are covered without extra code.
        audit.connect_write_capture()
        # The layers below privacy reach the audit log and the grants through these hooks
        # (dependency inversion), so they never import privacy.
        acting.service_call_wrapper_register(audit.service_context)
        permissions.support_grant_lookup_register(support.active_support_grant)
        admin_scoping.read_recorder_register(audit.admin_rows_read)
        # Explicit events of lower layers (API keys) reach the log the same way.
        acting.event_recorder_register(audit.record)
