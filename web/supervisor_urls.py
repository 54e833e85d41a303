"""The unit supervisor's pages under ``/yksikko/`` (web/supervisor_views.py)."""

from django.urls import path

from . import supervisor_views as views

urlpatterns = [
    path("yksikko/", views.supervisor_home, name="supervisor_home"),
    path("yksikko/<int:pk>/", views.supervisor_trainee, name="supervisor_trainee"),
    path("yksikko/<int:pk>/palaute/", views.supervisor_feedback, name="supervisor_feedback"),
    path(
        "yksikko/<int:pk>/arvio/<int:instrument>/<slug:occasion>/",
        views.supervisor_rating,
        name="supervisor_rating",
    ),
    path("yksikko/tyotilaukset/", views.supervisor_work_orders, name="supervisor_work_orders"),
    path(
        "yksikko/tyotilaukset/uusi/",
        views.supervisor_work_order_new,
        name="supervisor_work_order_new",
    ),
    path(
        "yksikko/tyotilaukset/<int:pk>/",
        views.supervisor_work_order,
        name="supervisor_work_order",
    ),
]
