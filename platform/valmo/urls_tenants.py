"""URLs of a municipality's host: the coaching app, its API and admin."""

from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("", include("web.urls")),
    path("", include("coaching.urls")),
    path("", include("onboarding.setup_urls")),
    path("health/", health.health, name="health"),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Styled, translated error pages (JSON under /api/).
handler400 = "valmo.views.bad_request"
handler403 = "valmo.views.permission_denied"
handler404 = "valmo.views.page_not_found"
handler500 = "valmo.views.server_error"
