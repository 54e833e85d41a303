from django.urls import path

from . import goal_views

urlpatterns = [
    path("jaksot/<int:pk>/tavoitteet/", goal_views.period_goals, name="period_goals"),
    path(
        "jaksot/<int:pk>/tavoitteet/uusi/",
        goal_views.period_goal_create,
        name="period_goal_create",
    ),
    path(
        "jaksot/<int:pk>/tavoitteet/lahetteesta/",
        goal_views.period_goals_from_referral,
        name="period_goals_from_referral",
    ),
    path("tavoitteet/<int:pk>/arvio/", goal_views.goal_review, name="goal_review"),
    path("tavoitteet/<int:pk>/muokkaa/", goal_views.goal_edit, name="goal_edit"),
]
