from django.urls import include, path

from . import views

urlpatterns = [
    path("tanaan/", views.today, name="today"),
    path("tyopoyta/", views.dashboard, name="dashboard"),
    path("", include("web.trainee_urls")),
    path("", include("web.period_urls")),
    path("", include("web.competence_urls")),
]
