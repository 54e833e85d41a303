from django.urls import path

from . import frames_views

urlpatterns = [
    path("asetukset/osallistumismuodot/", frames_views.statuses, name="setup_statuses"),
    path("asetukset/palvelumuodot/", frames_views.service_forms, name="setup_service_forms"),
    path("asetukset/arviointimittarit/", frames_views.instruments, name="setup_instruments"),
]
