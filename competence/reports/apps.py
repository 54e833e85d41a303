from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Final summaries, interim reports and deliveries of one municipality (tenant schema)."""

    name = "competence.reports"
    label = "reports"
    verbose_name = _("Final summaries and interim reports")
