from django.urls import path

from . import period_views

urlpatterns = [
    path("lahetteet/", period_views.referral_list, name="referral_list"),
    path("lahetteet/<int:pk>/", period_views.referral_detail, name="referral_detail"),
    path("lahetteet/<int:pk>/hyvaksy/", period_views.referral_accept, name="referral_accept"),
    path("lahetteet/<int:pk>/hylkaa/", period_views.referral_decline_view, name="referral_decline"),
    path("jaksot/<int:pk>/toiminnot/", period_views.period_actions, name="period_actions"),
    path("jaksot/<int:pk>/vaihe/", period_views.period_transition, name="period_transition"),
    path("jaksot/<int:pk>/tila/", period_views.period_status_add_view, name="period_status_add"),
    path(
        "jaksot/<int:pk>/tila/kehys/", period_views.period_status_frame, name="period_status_frame"
    ),
    path("jaksot/<int:pk>/sijoitus/", period_views.period_placement, name="period_placement"),
    path("jaksot/<int:pk>/valmentaja/", period_views.period_coach_assign, name="period_coach"),
    path("jaksot/<int:pk>/jalkiseuranta/", period_views.period_follow_up, name="period_follow_up"),
]
