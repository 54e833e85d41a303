"""Onboarding on the public host: the operators' pages and the public request form."""

from django.urls import path

from . import views

urlpatterns = [
    path("operaattori/", views.operator_home, name="operator_home"),
    path("operaattori/kunnat/uusi/", views.municipality_new, name="onboarding_municipality_new"),
    path("operaattori/pyynnot/<int:pk>/", views.request_detail, name="onboarding_request_detail"),
    path(
        "operaattori/pyynnot/<int:pk>/tila/",
        views.request_progress,
        name="onboarding_request_progress",
    ),
    path(
        "operaattori/pyynnot/<int:pk>/hyvaksy/",
        views.request_approve,
        name="onboarding_request_approve",
    ),
    path(
        "operaattori/pyynnot/<int:pk>/hylkaa/",
        views.request_decline,
        name="onboarding_request_decline",
    ),
    path("liity/", views.request_submit, name="onboarding_request_submit"),
    path("liity/kiitos/", views.request_thanks, name="onboarding_request_thanks"),
]
