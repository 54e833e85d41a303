from django.urls import path

from . import competence_config_views as views

urlpatterns = [
    path("tutkinnot/", views.framework_index, name="competence_framework_list"),
    path("tutkinnot/<int:pk>/", views.framework_detail, name="competence_framework_detail"),
    path("oppimisymparistot/", views.recognition_index, name="competence_recognition_list"),
    path("oppimisymparistot/uusi/", views.recognition_new, name="competence_recognition_new"),
    path(
        "oppimisymparistot/<int:pk>/",
        views.recognition_detail,
        name="competence_recognition_detail",
    ),
    path("tehtavien-osaaminen/", views.mapping_index, name="competence_mapping_list"),
    path("tehtavien-osaaminen/<int:pk>/", views.mapping_edit, name="competence_mapping_edit"),
]
