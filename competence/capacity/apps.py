from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    """Capacity instruments and assessments of one municipality (tenant schema)."""

    name = "competence.capacity"
    label = "capacity"
    verbose_name = _("Work and functional capacity")
