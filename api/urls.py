from django.urls import path

from .coaching import views as coaching_views

app_name = "api"

urlpatterns = [
    path("v1/sites/", coaching_views.SiteListApi.as_view(), name="site-list"),
    path("v1/sites/<int:pk>/", coaching_views.SiteDetailApi.as_view(), name="site-detail"),
    path("v1/trainees/", coaching_views.TraineeListApi.as_view(), name="trainee-list"),
    path("v1/trainees/<int:pk>/", coaching_views.TraineeDetailApi.as_view(), name="trainee-detail"),
    path("v1/task-catalogue/", coaching_views.TaskCatalogueApi.as_view(), name="task-catalogue"),
]
