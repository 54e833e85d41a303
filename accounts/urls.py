"""Account pages of Valmo; included before allauth's own under ``accounts/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.account_overview, name="account_overview"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("link/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("invitations/", views.staff_invitations, name="staff_invitations"),
    path("security/", views.security_policy, name="security_policy"),
    path("sso/", views.sso_settings, name="sso_settings"),
]
