from django.urls import path

from . import integration_views as views

urlpatterns = [
    path("asetukset/rajapinta/", views.integration_settings, name="integration_settings"),
    path("asetukset/rajapinta/avaimet/", views.api_key_create_view, name="api_key_create"),
    path(
        "asetukset/rajapinta/avaimet/<int:pk>/peru/",
        views.api_key_revoke_view,
        name="api_key_revoke",
    ),
    path("asetukset/rajapinta/webhookit/", views.webhook_create_view, name="webhook_create"),
    path(
        "asetukset/rajapinta/webhookit/<int:pk>/",
        views.webhook_deliveries,
        name="webhook_deliveries",
    ),
    path(
        "asetukset/rajapinta/webhookit/<int:pk>/poista/",
        views.webhook_delete_view,
        name="webhook_delete",
    ),
    path(
        "asetukset/rajapinta/toimitukset/<int:pk>/uudelleen/",
        views.webhook_resend_view,
        name="webhook_resend",
    ),
]
