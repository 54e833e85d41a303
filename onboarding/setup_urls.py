"""The setup checklist on a municipality's host."""

from django.urls import path

from . import import_views, setup_views

urlpatterns = [
    path("kayttoonotto/", setup_views.checklist, name="setup_checklist"),
    path("kayttoonotto/paatos/", setup_views.decide, name="setup_decide"),
    path("kayttoonotto/vertailu/", setup_views.benchmarking, name="setup_benchmarking"),
    path("kayttoonotto/kieli/", setup_views.language, name="setup_language"),
    path("asetukset/tuonti/", import_views.upload, name="import_upload"),
    path("asetukset/tuonti/vahvista/", import_views.confirm, name="import_confirm"),
    path("asetukset/tuonti/valmis/", import_views.done, name="import_done"),
]
