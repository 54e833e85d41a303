from django.urls import path

from . import docs
from .coaching import views as coaching_views
from .privacy import views as privacy_views

app_name = "api"

urlpatterns = [
    path("", docs.ApiRootView.as_view(), name="root"),
    path("v1/", docs.ApiV1RootView.as_view(), name="v1-root"),
    path("v1/schema/", docs.schema_view, name="schema"),
    path("v1/docs/", docs.swagger_view, name="docs"),
    path("v1/docs/redoc/", docs.redoc_view, name="redoc"),
    path("v1/sites/", coaching_views.SiteListApi.as_view(), name="site-list"),
    path("v1/sites/<int:pk>/", coaching_views.SiteDetailApi.as_view(), name="site-detail"),
    path("v1/trainees/", coaching_views.TraineeListApi.as_view(), name="trainee-list"),
    path("v1/trainees/<int:pk>/", coaching_views.TraineeDetailApi.as_view(), name="trainee-detail"),
    path(
        "v1/trainees/<int:pk>/restricted/",
        coaching_views.TraineeRestrictedApi.as_view(),
        name="trainee-restricted",
    ),
    path(
        "v1/trainees/<int:pk>/social-welfare/",
        coaching_views.TraineeSocialWelfareApi.as_view(),
        name="trainee-social-welfare",
    ),
    path(
        "v1/trainees/<int:pk>/export/",
        privacy_views.TraineeExportApi.as_view(),
        name="trainee-export",
    ),
    path(
        "v1/trainees/<int:pk>/audit-events/",
        privacy_views.TraineeAuditEventListApi.as_view(),
        name="trainee-audit-events",
    ),
    path(
        "v1/users/<int:pk>/audit-events/",
        privacy_views.UserAuditEventListApi.as_view(),
        name="user-audit-events",
    ),
    path("v1/periods/", coaching_views.PeriodListApi.as_view(), name="period-list"),
    path("v1/periods/<int:pk>/", coaching_views.PeriodDetailApi.as_view(), name="period-detail"),
    path(
        "v1/periods/<int:pk>/transition/",
        coaching_views.PeriodTransitionApi.as_view(),
        name="period-transition",
    ),
    path("v1/placements/", coaching_views.PlacementListApi.as_view(), name="placement-list"),
    path(
        "v1/placements/<int:pk>/",
        coaching_views.PlacementDetailApi.as_view(),
        name="placement-detail",
    ),
    path("v1/task-catalogue/", coaching_views.TaskCatalogueApi.as_view(), name="task-catalogue"),
]

docs.INDEX_ENDPOINTS.update(
    {
        "sites": "site-list",
        "trainees": "trainee-list",
        "periods": "period-list",
        "placements": "placement-list",
        "task_catalogue": "task-catalogue",
    }
)
