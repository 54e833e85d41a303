from django.urls import path

from . import competence_views

urlpatterns = [
    path("jaksot/<int:pk>/osaaminen/", competence_views.competence_page, name="competence_page"),
    path(
        "jaksot/<int:pk>/osaaminen/merkitse/",
        competence_views.competence_tick,
        name="competence_tick",
    ),
    path(
        "jaksot/<int:pk>/osaaminen/peru/",
        competence_views.competence_untick,
        name="competence_untick",
    ),
    path(
        "jaksot/<int:pk>/osaaminen/kuittaa/",
        competence_views.competence_acknowledge,
        name="competence_acknowledge",
    ),
    path(
        "jaksot/<int:pk>/osaamistodistus/",
        competence_views.certificate_issue,
        name="competence_certificate_issue",
    ),
    path(
        "osaamistodistukset/<int:pk>/korjaa/",
        competence_views.certificate_correct,
        name="competence_certificate_correct",
    ),
    path(
        "osaamistodistukset/<int:pk>/pdf/",
        competence_views.certificate_pdf,
        name="competence_certificate_pdf",
    ),
]
