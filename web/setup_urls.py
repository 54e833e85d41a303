from django.urls import path

from . import setup_views

urlpatterns = [
    path("asetukset/toimipisteet/", setup_views.sites, name="setup_sites"),
    path("asetukset/valmennus/", setup_views.coaching_settings, name="setup_coaching_settings"),
    path("asetukset/kumppanit/", setup_views.partners, name="setup_partners"),
]
