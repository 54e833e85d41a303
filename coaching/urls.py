from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("tehtavat/", views.task_catalogue, name="task_catalogue"),
]
