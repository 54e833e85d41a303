"""The trainee's own pages under /oma/ ("omat sivut")."""

from django.urls import path

from . import self_views

urlpatterns = [
    path("oma/", self_views.self_home, name="self_home"),
    path("oma/paivat/", self_views.self_days, name="self_days"),
    path("oma/paivakirja/", self_views.self_diary, name="self_diary"),
    path("oma/paivakirja/uusi/", self_views.self_diary_new, name="self_diary_new"),
    path("oma/paivakirja/<int:pk>/", self_views.self_diary_edit, name="self_diary_edit"),
    path("oma/tavoitteet/", self_views.self_goals, name="self_goals"),
]
