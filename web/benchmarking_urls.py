from django.urls import path

from . import benchmarking_views

urlpatterns = [
    path("vertailu/", benchmarking_views.benchmark_own, name="benchmark_own"),
    path(
        "asetukset/vertailu/",
        benchmarking_views.benchmark_participation,
        name="benchmark_participation",
    ),
]
