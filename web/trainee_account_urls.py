"""The coach's side of a trainee's own pages: sign-in and the diary's answers."""

from django.urls import path

from . import trainee_account_views as views

urlpatterns = [
    path("valmentautujat/<int:pk>/kirjautuminen/", views.trainee_account, name="trainee_account"),
    path(
        "valmentautujat/<int:pk>/kirjautuminen/kutsu/",
        views.trainee_account_invite_view,
        name="trainee_account_invite",
    ),
    path(
        "valmentautujat/<int:pk>/kirjautuminen/linkki/",
        views.trainee_sign_in_link_view,
        name="trainee_sign_in_link",
    ),
    path(
        "valmentautujat/<int:pk>/kirjautuminen/tila/",
        views.trainee_account_active_view,
        name="trainee_account_active",
    ),
    path("valmentautujat/<int:pk>/paivakirja/", views.trainee_diary, name="trainee_diary"),
    path("paivakirja/<int:pk>/vastaa/", views.diary_entry_answer, name="diary_entry_answer"),
]
