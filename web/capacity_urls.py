from django.urls import path

from . import capacity_views

urlpatterns = [
    path("toimintakyky/", capacity_views.capacity_overview, name="capacity_overview"),
    path("jaksot/<int:pk>/toimintakyky/", capacity_views.capacity_period, name="capacity_period"),
    path(
        "jaksot/<int:pk>/toimintakyky/<int:instrument>/<slug:occasion>/<slug:rater_type>/",
        capacity_views.capacity_entry,
        name="capacity_entry",
    ),
]
