from django.urls import path

from . import catalogue_views

urlpatterns = [
    path("asetukset/tehtavat/", catalogue_views.catalogue, name="catalogue_manage"),
    path("asetukset/tehtavat/uusi/", catalogue_views.task_new, name="catalogue_task_new"),
    path("asetukset/tehtavat/tasot/", catalogue_views.levels, name="catalogue_levels"),
    path("asetukset/tehtavat/<int:pk>/", catalogue_views.task_edit, name="catalogue_task"),
    path(
        "asetukset/tehtavat/<int:pk>/poista-kaytosta/",
        catalogue_views.task_retire,
        name="catalogue_task_retire",
    ),
    path(
        "asetukset/tehtavat/<int:pk>/palauta/",
        catalogue_views.task_restore,
        name="catalogue_task_restore",
    ),
]
