from django.urls import path

from . import equipment_views as views

urlpatterns = [
    path("varusteet/", views.equipment_list, name="equipment_list"),
    path(
        "valmentautujat/<int:pk>/varusteet/",
        views.trainee_equipment,
        name="trainee_equipment",
    ),
    path(
        "valmentautujat/<int:pk>/varusteet/anna/",
        views.equipment_issue_view,
        name="equipment_issue",
    ),
    path("valmentautujat/<int:pk>/kaappi/", views.locker_assign_view, name="locker_assign"),
    path("varusteet/<int:pk>/palautus/", views.equipment_return_view, name="equipment_return"),
    path("kaapit/<int:pk>/palautus/", views.locker_key_return_view, name="locker_key_return"),
]
