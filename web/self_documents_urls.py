"""The trainee's own documents and data under ``/oma/`` (``web.self_documents_views``)."""

from django.urls import path

from . import self_documents_views as views

urlpatterns = [
    path("oma/arviointi/", views.self_assessment, name="self_assessment"),
    path(
        "oma/arviointi/<int:instrument>/<str:occasion>/",
        views.self_assessment_fill,
        name="self_assessment_fill",
    ),
    path("oma/osaaminen/", views.self_competence, name="self_competence"),
    path(
        "oma/osaaminen/kaikki/", views.self_competence_agree_all, name="self_competence_agree_all"
    ),
    path(
        "oma/osaaminen/<int:pk>/hyvaksyn/",
        views.self_competence_agree,
        name="self_competence_agree",
    ),
    path(
        "oma/osaaminen/<int:pk>/keskustellaan/",
        views.self_competence_discuss,
        name="self_competence_discuss",
    ),
    path("oma/asiakirjat/", views.self_documents, name="self_documents"),
    path("oma/asiakirjat/raportit/<int:pk>/", views.self_report, name="self_report"),
    path(
        "oma/asiakirjat/raportit/<int:pk>/kuittaa/",
        views.self_report_acknowledge,
        name="self_report_acknowledge",
    ),
    path("oma/tietoni/", views.self_data, name="self_data"),
    path("oma/tietoni/kopio/", views.self_data_export, name="self_data_export"),
]
