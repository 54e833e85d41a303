from django.urls import include, path

from . import brand_views, views

urlpatterns = [
    path("tanaan/", views.today, name="today"),
    path("tyopoyta/", views.dashboard, name="dashboard"),
    path("asetukset/ulkoasu/", brand_views.brand_settings, name="brand_settings"),
    path("brand.css", brand_views.brand_css, name="brand_css"),
    path("brand/logo/", brand_views.brand_logo, name="brand_logo"),
    path("", include("web.trainee_urls")),
    path("", include("web.period_urls")),
    path("", include("web.goal_urls")),
    path("", include("web.activity_urls")),
    path("", include("web.work_order_urls")),
    path("", include("web.equipment_urls")),
    path("", include("web.capacity_urls")),
    path("", include("web.competence_urls")),
    path("", include("web.integration_urls")),
    path("", include("web.benchmarking_urls")),
    path("", include("web.setup_urls")),
    path("", include("web.frames_urls")),
    path("", include("web.catalogue_urls")),
    path("", include("web.report_urls")),
    path("", include("web.competence_config_urls")),
    path("", include("web.export_urls")),
    path("", include("web.supervisor_urls")),
    path("", include("web.self_documents_urls")),
    path("", include("web.self_urls")),
    path("", include("web.trainee_account_urls")),
]
