"""URLs of the public host: landing page, operators' admin, health."""

from django.contrib import admin
from django.urls import include, path, re_path

from . import health, views

admin.site.site_header = "Valmo"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("onboarding.urls")),
    re_path(r"^support/[a-z][a-z0-9_]{1,40}/", include("privacy.support_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("koordinaattori/", include("web.coordinator_urls")),
]

# Styled, translated error pages (JSON under /api/).
handler400 = "valmo.views.bad_request"
handler403 = "valmo.views.permission_denied"
handler404 = "valmo.views.page_not_found"
handler500 = "valmo.views.server_error"
