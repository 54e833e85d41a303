from django.urls import path

from . import views

urlpatterns = [
    path("tanaan/", views.today, name="today"),
    path("tyopoyta/", views.dashboard, name="dashboard"),
]
