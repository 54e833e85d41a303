"""The municipality's API as seen by a platform operator under a support-access grant."""

from django.urls import include, path

urlpatterns = [path("api/", include("api.urls"))]
