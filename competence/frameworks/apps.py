from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationsConfig(AppConfig):
    """National qualification frameworks (ePerusteet), shared by all municipalities."""

    name = "competence.frameworks"
    label = "qualifications"
    verbose_name = _("Qualification frameworks")
