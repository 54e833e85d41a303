from django.urls import path

from . import docs
from .activities import views as activity_views
from .capacity import views as capacity_views
from .catalogue import views as catalogue_views
from .coaching import views as coaching_views
from .competence import views as competence_views
from .configuration import views as configuration_views
from .equipment import views as equipment_views
from .periods import views as period_views
from .privacy import views as privacy_views
from .progress import views as progress_views
from .referrals import views as referral_views
from .reports import views as report_views
from .staff import views as staff_views
from .work_orders import views as work_order_views

app_name = "api"

urlpatterns = [
    path("", docs.ApiRootView.as_view(), name="root"),
    path("v1/", docs.ApiV1RootView.as_view(), name="v1-root"),
    path("v1/schema/", docs.schema_view, name="schema"),
    path("v1/docs/", docs.swagger_view, name="docs"),
    path("v1/docs/redoc/", docs.redoc_view, name="redoc"),
    path("v1/sites/", configuration_views.SiteListApi.as_view(), name="site-list"),
    path("v1/sites/<int:pk>/", configuration_views.SiteDetailApi.as_view(), name="site-detail"),
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

urlpatterns += [
    path(
        "v1/periods/<int:pk>/goals/",
        progress_views.PeriodGoalListApi.as_view(),
        name="period-goals",
    ),
    path("v1/goals/<int:pk>/", progress_views.GoalDetailApi.as_view(), name="goal-detail"),
    path(
        "v1/goals/<int:pk>/reviews/",
        progress_views.GoalReviewCreateApi.as_view(),
        name="goal-reviews",
    ),
    path(
        "v1/periods/<int:pk>/diary/",
        progress_views.PeriodDiaryListApi.as_view(),
        name="period-diary",
    ),
    path("v1/diary/<int:pk>/", progress_views.DiaryEntryDetailApi.as_view(), name="diary-detail"),
    path(
        "v1/diary/<int:pk>/comment/",
        progress_views.DiaryCommentApi.as_view(),
        name="diary-comment",
    ),
]

urlpatterns += [
    path("v1/referrals/", referral_views.ReferralListApi.as_view(), name="referral-list"),
    path(
        "v1/referrals/intake/", referral_views.ReferralIntakeApi.as_view(), name="referral-intake"
    ),
    path(
        "v1/referrals/<int:pk>/", referral_views.ReferralDetailApi.as_view(), name="referral-detail"
    ),
    path(
        "v1/referrals/<int:pk>/attachments/",
        referral_views.ReferralAttachmentApi.as_view(),
        name="referral-attachments",
    ),
    path(
        "v1/referrals/<int:pk>/accept/",
        referral_views.ReferralAcceptApi.as_view(),
        name="referral-accept",
    ),
    path(
        "v1/referrals/<int:pk>/decline/",
        referral_views.ReferralDeclineApi.as_view(),
        name="referral-decline",
    ),
]

urlpatterns += [
    path(
        "v1/periods/<int:pk>/statuses/",
        period_views.PeriodStatusListApi.as_view(),
        name="period-statuses",
    ),
    path(
        "v1/periods/<int:pk>/placement/",
        period_views.PeriodPlacementApi.as_view(),
        name="period-placement",
    ),
    path("v1/periods/<int:pk>/coach/", period_views.PeriodCoachApi.as_view(), name="period-coach"),
    path("v1/periods/<int:pk>/end/", period_views.PeriodEndApi.as_view(), name="period-end"),
    path(
        "v1/periods/<int:pk>/follow-ups/",
        period_views.PeriodFollowUpApi.as_view(),
        name="period-follow-ups",
    ),
    path("v1/daily-log/", period_views.DailyLogApi.as_view(), name="daily-log"),
]

urlpatterns += [
    path("v1/activities/", activity_views.ActivityListApi.as_view(), name="activity-list"),
    path(
        "v1/activities/<int:pk>/",
        activity_views.ActivityDetailApi.as_view(),
        name="activity-detail",
    ),
    path(
        "v1/activities/<int:pk>/attendance/",
        activity_views.ActivityAttendanceApi.as_view(),
        name="activity-attendance",
    ),
    path("v1/work-orders/", work_order_views.WorkOrderListApi.as_view(), name="work-order-list"),
    path(
        "v1/work-orders/<int:pk>/",
        work_order_views.WorkOrderDetailApi.as_view(),
        name="work-order-detail",
    ),
    path(
        "v1/work-orders/<int:pk>/tasks/",
        work_order_views.WorkOrderTaskApi.as_view(),
        name="work-order-tasks",
    ),
    path(
        "v1/work-orders/<int:pk>/assign/",
        work_order_views.WorkOrderAssignApi.as_view(),
        name="work-order-assign",
    ),
    path(
        "v1/work-orders/<int:pk>/transition/",
        work_order_views.WorkOrderTransitionApi.as_view(),
        name="work-order-transition",
    ),
    path(
        "v1/work-orders/<int:pk>/tools/",
        work_order_views.WorkOrderToolApi.as_view(),
        name="work-order-tools",
    ),
    path(
        "v1/work-order-tools/<int:pk>/return/",
        work_order_views.WorkOrderToolReturnApi.as_view(),
        name="work-order-tool-return",
    ),
    path(
        "v1/trainees/<int:pk>/equipment/",
        equipment_views.TraineeEquipmentApi.as_view(),
        name="trainee-equipment",
    ),
    path(
        "v1/equipment-issues/<int:pk>/return/",
        equipment_views.EquipmentReturnApi.as_view(),
        name="equipment-return",
    ),
    path(
        "v1/trainees/<int:pk>/lockers/",
        equipment_views.TraineeLockerApi.as_view(),
        name="trainee-lockers",
    ),
    path(
        "v1/locker-assignments/<int:pk>/return/",
        equipment_views.LockerKeyReturnApi.as_view(),
        name="locker-key-return",
    ),
]

urlpatterns += [
    path(
        "v1/periods/<int:pk>/competence-records/",
        competence_views.PeriodCompetenceRecordListApi.as_view(),
        name="period-competence-records",
    ),
    path(
        "v1/periods/<int:pk>/certificates/",
        competence_views.PeriodCertificateListApi.as_view(),
        name="period-certificates",
    ),
    path(
        "v1/certificates/<int:pk>/",
        competence_views.CertificateDetailApi.as_view(),
        name="certificate-detail",
    ),
    path(
        "v1/certificates/<int:pk>/pdf/",
        competence_views.CertificatePdfApi.as_view(),
        name="certificate-pdf",
    ),
    path("v1/staff/", staff_views.StaffListApi.as_view(), name="staff-list"),
    path("v1/staff/<int:pk>/", staff_views.StaffDetailApi.as_view(), name="staff-detail"),
    path("v1/invitations/", staff_views.InvitationApi.as_view(), name="invitations"),
]

docs.INDEX_ENDPOINTS.update(
    {
        "sites": "site-list",
        "trainees": "trainee-list",
        "periods": "period-list",
        "placements": "placement-list",
        "task_catalogue": "task-catalogue",
        "referrals": "referral-list",
        "activities": "activity-list",
        "work_orders": "work-order-list",
        "staff": "staff-list",
    }
)

urlpatterns += [
    path(
        "v1/periods/<int:pk>/capacity-assessments/",
        capacity_views.PeriodAssessmentListApi.as_view(),
        name="period-capacity-assessments",
    ),
    path(
        "v1/capacity-assessments/<int:pk>/",
        capacity_views.AssessmentDetailApi.as_view(),
        name="capacity-assessment-detail",
    ),
    path(
        "v1/periods/<int:pk>/capacity-change/",
        capacity_views.PeriodCapacityChangeApi.as_view(),
        name="period-capacity-change",
    ),
]

urlpatterns += [
    path(
        "v1/periods/<int:pk>/competence-records/acknowledge/",
        competence_views.PeriodCompetenceAcknowledgeApi.as_view(),
        name="period-competence-acknowledge",
    ),
    path(
        "v1/competence-records/<int:pk>/",
        competence_views.CompetenceRecordDetailApi.as_view(),
        name="competence-record-detail",
    ),
    path(
        "v1/competence-records/<int:pk>/untick/",
        competence_views.CompetenceRecordUntickApi.as_view(),
        name="competence-record-untick",
    ),
    path(
        "v1/certificates/<int:pk>/correct/",
        competence_views.CertificateCorrectApi.as_view(),
        name="certificate-correct",
    ),
]

urlpatterns += [
    path(
        "v1/periods/<int:pk>/reports/",
        report_views.PeriodReportListApi.as_view(),
        name="period-reports",
    ),
    path(
        "v1/periods/<int:pk>/final-summary/",
        report_views.PeriodFinalSummaryStartApi.as_view(),
        name="period-final-summary",
    ),
    path("v1/reports/<int:pk>/", report_views.ReportDetailApi.as_view(), name="report-detail"),
    path(
        "v1/reports/<int:pk>/finalise/",
        report_views.ReportFinaliseApi.as_view(),
        name="report-finalise",
    ),
    path(
        "v1/reports/<int:pk>/correct/",
        report_views.ReportCorrectApi.as_view(),
        name="report-correct",
    ),
    path(
        "v1/reports/<int:pk>/versions/",
        report_views.ReportVersionListApi.as_view(),
        name="report-versions",
    ),
    path(
        "v1/reports/<int:pk>/deliveries/",
        report_views.ReportDeliveryListApi.as_view(),
        name="report-deliveries",
    ),
    path(
        "v1/deliveries/<int:pk>/revoke/",
        report_views.DeliveryRevokeApi.as_view(),
        name="delivery-revoke",
    ),
    path(
        "v1/report-versions/<int:pk>/pdf/",
        report_views.ReportVersionPdfApi.as_view(),
        name="report-version-pdf",
    ),
]

urlpatterns += [
    path(
        "v1/periods/<int:pk>/interim-schedule/",
        report_views.PeriodInterimScheduleApi.as_view(),
        name="period-interim-schedule",
    ),
    path(
        "v1/periods/<int:pk>/interim-reports/",
        report_views.PeriodInterimReportListApi.as_view(),
        name="period-interim-reports",
    ),
    path(
        "v1/reports/<int:pk>/acknowledge/",
        report_views.ReportAcknowledgeApi.as_view(),
        name="report-acknowledge",
    ),
]

urlpatterns += [
    path("v1/work-units/", configuration_views.WorkUnitListApi.as_view(), name="work-unit-list"),
    path(
        "v1/work-units/<int:pk>/",
        configuration_views.WorkUnitDetailApi.as_view(),
        name="work-unit-detail",
    ),
    path(
        "v1/partner-organisations/",
        configuration_views.PartnerListApi.as_view(),
        name="partner-list",
    ),
    path(
        "v1/partner-organisations/<int:pk>/",
        configuration_views.PartnerDetailApi.as_view(),
        name="partner-detail",
    ),
]

urlpatterns += [
    path("v1/tasks/", catalogue_views.TaskListApi.as_view(), name="task-list"),
    path("v1/tasks/<int:pk>/", catalogue_views.TaskDetailApi.as_view(), name="task-detail"),
    path("v1/tasks/<int:pk>/retire/", catalogue_views.TaskRetireApi.as_view(), name="task-retire"),
    path(
        "v1/tasks/<int:pk>/restore/", catalogue_views.TaskRestoreApi.as_view(), name="task-restore"
    ),
    path("v1/task-sectors/", catalogue_views.NationalSectorApi.as_view(), name="task-sector-list"),
    path(
        "v1/task-sectors/adopt/",
        catalogue_views.NationalSectorAdoptApi.as_view(),
        name="task-sector-adopt",
    ),
    path(
        "v1/difficulty-levels/",
        catalogue_views.DifficultyLevelListApi.as_view(),
        name="difficulty-level-list",
    ),
    path(
        "v1/difficulty-levels/<int:pk>/",
        catalogue_views.DifficultyLevelDetailApi.as_view(),
        name="difficulty-level-detail",
    ),
]
docs.INDEX_ENDPOINTS.update(
    {
        "tasks": "task-list",
        "task_sectors": "task-sector-list",
        "difficulty_levels": "difficulty-level-list",
    }
)
