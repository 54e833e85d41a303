from django.urls import path

from . import export_views

urlpatterns = [
    path(
        "valmentautujat/<int:pk>/tietopyynto/", export_views.trainee_export, name="trainee_export"
    ),
    path(
        "tietopyynnot/<int:pk>/", export_views.trainee_export_status, name="trainee_export_status"
    ),
    path(
        "tietopyynnot/<int:pk>/pdf/",
        export_views.trainee_export_download,
        name="trainee_export_download",
    ),
]
