from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """The top layer: onboarding a municipality and the demo data, over every other app.

    No models. It is an app for its management commands (``onboard_municipality``,
    ``valmo_demo``) and its Celery task; nothing below it imports it.
    """

    name = "onboarding"
    verbose_name = _("Onboarding")
