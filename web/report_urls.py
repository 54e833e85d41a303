from django.urls import path

from . import report_views as views

urlpatterns = [
    path("jaksot/<int:pk>/loppukooste/", views.final_summary_page, name="final_summary_page"),
    path(
        "jaksot/<int:pk>/loppukooste/aloita/",
        views.final_summary_start,
        name="final_summary_start",
    ),
    path("jaksot/<int:pk>/valiraportit/", views.interim_reports, name="interim_reports"),
    path(
        "jaksot/<int:pk>/valiraportit/aikataulu/",
        views.interim_schedule,
        name="interim_schedule",
    ),
    path("jaksot/<int:pk>/valiraportit/aloita/", views.interim_start, name="interim_start"),
    path("raportit/<int:pk>/", views.report_page, name="report_page"),
    path("raportit/<int:pk>/tekstit/", views.report_texts, name="report_texts"),
    path("raportit/<int:pk>/kuittaus/", views.report_ack, name="report_ack"),
    path("raportit/<int:pk>/viimeistele/", views.report_finalise_view, name="report_finalise"),
    path("raportit/<int:pk>/korjaa/", views.report_correct_view, name="report_correct"),
    path("raportit/<int:pk>/toimita/", views.report_deliver, name="report_deliver"),
    path("toimitukset/<int:pk>/peru/", views.delivery_revoke_view, name="delivery_revoke"),
    path("raporttiversiot/<int:pk>/tila/", views.version_pdf_status, name="version_pdf_status"),
    path("raporttiversiot/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("toimitus/<str:token>/", views.delivery_public, name="delivery_public"),
    path("toimitus/<str:token>/lataa/", views.delivery_download, name="delivery_download"),
]
