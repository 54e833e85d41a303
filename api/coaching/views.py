from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnList

from accounts.models import User
from api.base import TenantApiView
from api.etag import ETagMixin
from coaching import selectors, services
from coaching.models import CoachingPeriod, Trainee


class SiteOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()


class TraineeOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    email = serializers.CharField()
    phone = serializers.CharField()


class SiteListApi(ListModelMixin, TenantApiView):
    permission_action = "configuration.view"
    serializer_class = SiteOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.site_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class SiteDetailApi(RetrieveModelMixin, TenantApiView):
    permission_action = "configuration.view"
    serializer_class = SiteOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.site_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


class TraineeListApi(ListModelMixin, TenantApiView):
    permission_action = "trainee.list"
    serializer_class = TraineeOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.trainee_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class TraineeDetailApi(RetrieveModelMixin, TenantApiView):
    permission_action = "trainee.view"
    serializer_class = TraineeOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.trainee_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


class RestrictionSerializer(serializers.Serializer[Any]):
    referral = serializers.IntegerField(source="referral_id")
    safety_restrictions = serializers.CharField()


class TraineeRestrictedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    restrictions = serializers.SerializerMethodField()

    @extend_schema_field(RestrictionSerializer(many=True))
    def get_restrictions(self, trainee: Trainee) -> ReturnList[Any]:
        rows = [
            referral.restriction
            for referral in trainee.referrals.all()
            if hasattr(referral, "restriction")
        ]
        # many=True makes a ListSerializer, whose data is a list (the stubs type it as a dict).
        return cast("ReturnList[Any]", RestrictionSerializer(rows, many=True).data)


class TraineeRestrictedApi(RetrieveModelMixin, TenantApiView):
    """The restricted health and safety section: need-to-know roles only."""

    permission_action = "trainee.restricted.view"
    serializer_class = TraineeRestrictedSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.trainee_restricted_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


class StatusSerializer(serializers.Serializer[Any]):
    period = serializers.IntegerField(source="period_id")
    status = serializers.CharField(source="status.code")
    is_social_welfare = serializers.BooleanField(source="status.is_social_welfare")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class ReferralBasisSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    legal_basis = serializers.CharField()
    requested_status = serializers.CharField(source="requested_status.code")
    is_social_welfare = serializers.BooleanField(source="requested_status.is_social_welfare")


class TraineeSocialWelfareSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    statuses = serializers.SerializerMethodField()
    referrals = ReferralBasisSerializer(many=True)

    @extend_schema_field(StatusSerializer(many=True))
    def get_statuses(self, trainee: Trainee) -> ReturnList[Any]:
        rows = [row for period in trainee.periods.all() for row in period.statuses.all()]
        # many=True makes a ListSerializer, whose data is a list (the stubs type it as a dict).
        return cast("ReturnList[Any]", StatusSerializer(rows, many=True).data)


class TraineeSocialWelfareApi(RetrieveModelMixin, TenantApiView):
    """The restricted social-welfare section: participation statuses and referral basis."""

    permission_action = "trainee.social_welfare.view"
    serializer_class = TraineeSocialWelfareSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.trainee_social_welfare_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


class PeriodOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    trainee = serializers.IntegerField(source="trainee_id")
    trainee_name = serializers.CharField(source="trainee.__str__")
    phase = serializers.CharField()
    coach = serializers.IntegerField(source="coach_id")
    career_agent = serializers.IntegerField(source="career_agent_id", allow_null=True)
    placement_unit = serializers.IntegerField(source="placement_unit_id", allow_null=True)
    start_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()


class PeriodListApi(ListModelMixin, TenantApiView):
    permission_action = "period.view"
    serializer_class = PeriodOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.period_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class PeriodDetailApi(ETagMixin, TenantApiView):
    """One period, with the ETag its changes (placement, coach, ending) must send back."""

    permission_action = "period.view"
    serializer_class = PeriodOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.period_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve_with_etag(request)


class TransitionInputSerializer(serializers.Serializer[Any]):
    to_phase = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PeriodTransitionApi(TenantApiView):
    permission_action = "period.transition"
    serializer_class = PeriodOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.period_list()

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        period = self.get_object()
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.coaching_period_transition(
            period=period,
            to_phase=data.validated_data["to_phase"],
            actor=cast("User", request.user),  # the permission check refused anonymous users
            reason=data.validated_data["reason"],
        )
        return Response({**PeriodOutputSerializer(result.period).data, "warnings": result.warnings})


class PlacementTaskSerializer(serializers.Serializer[Any]):
    task = serializers.CharField(source="task.name")
    level = serializers.IntegerField(source="level.level")


class PlacementSerializer(serializers.Serializer[Any]):
    """Only what a unit supervisor's feedback needs."""

    id = serializers.IntegerField()
    trainee_name = serializers.CharField(source="trainee.__str__")
    placement_unit = serializers.CharField(source="placement_unit.name", allow_null=True)
    phase = serializers.CharField()
    start_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    tasks = PlacementTaskSerializer(source="task_assignments", many=True)


class PlacementListApi(ListModelMixin, TenantApiView):
    permission_action = "period.view_feedback"
    serializer_class = PlacementSerializer

    def base_queryset(self) -> QuerySet[CoachingPeriod]:
        return selectors.placement_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class PlacementDetailApi(RetrieveModelMixin, TenantApiView):
    permission_action = "period.view_feedback"
    serializer_class = PlacementSerializer

    def base_queryset(self) -> QuerySet[CoachingPeriod]:
        return selectors.placement_list()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.retrieve(request, *args, **kwargs)


class TaskLevelSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(source="level.level")
    description = serializers.CharField()


class TaskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    protective_equipment = serializers.CharField()
    needs_transport = serializers.BooleanField()
    levels = TaskLevelSerializer(many=True)


class SectorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    tasks = TaskSerializer(many=True)


class TaskCatalogueApi(ListModelMixin, TenantApiView):
    permission_action = "catalogue.view"
    serializer_class = SectorSerializer
    pagination_class = None

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.task_catalogue()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)
