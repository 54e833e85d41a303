from django.urls import path

from . import work_order_views as views

urlpatterns = [
    path("tyotilaukset/", views.work_order_list_view, name="work_order_list"),
    path("tyotilaukset/uusi/", views.work_order_new, name="work_order_new"),
    path("tyotilaukset/<int:pk>/", views.work_order_detail, name="work_order_detail"),
    path("tyotilaukset/<int:pk>/muokkaa/", views.work_order_edit, name="work_order_edit"),
    path(
        "tyotilaukset/<int:pk>/tehtavat/",
        views.work_order_task_add_view,
        name="work_order_task_add",
    ),
    path("tyotilaukset/<int:pk>/osoita/", views.work_order_assign_view, name="work_order_assign"),
    path(
        "tyotilaukset/<int:pk>/tila/",
        views.work_order_transition_view,
        name="work_order_transition",
    ),
    path(
        "tyotilaukset/<int:pk>/tyovalineet/",
        views.work_order_tool_lend_view,
        name="work_order_tool_lend",
    ),
    path(
        "tyotilaukset/tyovalineet/<int:pk>/palautus/",
        views.work_order_tool_return_view,
        name="work_order_tool_return",
    ),
]
