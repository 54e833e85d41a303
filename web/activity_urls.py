from django.urls import path

from . import activity_views

urlpatterns = [
    path("ryhmatoiminnot/", activity_views.activity_list_view, name="activity_list"),
    path("ryhmatoiminnot/uusi/", activity_views.activity_create_view, name="activity_create"),
    path(
        "ryhmatoiminnot/<int:pk>/",
        activity_views.activity_attendance,
        name="activity_attendance",
    ),
    path(
        "ryhmatoiminnot/<int:pk>/muokkaa/",
        activity_views.activity_edit_view,
        name="activity_edit",
    ),
]
