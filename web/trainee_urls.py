from django.urls import path

from . import trainee_views

urlpatterns = [
    path("valmentautujat/", trainee_views.trainee_list, name="trainee_list"),
    path("valmentautujat/<int:pk>/", trainee_views.trainee_detail, name="trainee_detail"),
]
