"""The regional coordinators' pages on the public host (Finnish paths)."""

from django.urls import path

from . import coordinator_views

urlpatterns = [
    path("", coordinator_views.coordinator_overview, name="coordinator_overview"),
    path("ajot/", coordinator_views.operator_runs, name="operator_runs"),
    path("alueet/", coordinator_views.coordinator_regions, name="coordinator_regions"),
    path(
        "alueet/<int:user_id>/",
        coordinator_views.coordinator_regions_save,
        name="coordinator_regions_save",
    ),
    path(
        "vienti.<str:fmt>",
        coordinator_views.coordinator_export,
        name="coordinator_export",
    ),
]
