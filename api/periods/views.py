"""Period actions: statuses, placement, coach, ending, follow-up; the group's day in one call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import selectors as account_selectors
from api.base import PeriodChildListCreateApi, TenantApiView
from api.coaching.views import PeriodOutputSerializer
from api.common import actor_of
from api.etag import ETagMixin
from coaching import period_selectors, selectors, services
from coaching.services import DailyEntryInput, TaskDone

from . import serializers as s

PERIOD_EXAMPLE = {
    "id": 12,
    "trainee": 9,
    "trainee_name": "Testi Henkilö",
    "phase": "coaching",
    "coach": 3,
    "career_agent": 4,
    "placement_unit": 2,
    "start_on": "2026-02-01",
    "planned_end_on": "2026-07-31",
    "ended_on": None,
    "outcome": "",
}
STATUS_EXAMPLE = {
    "id": 1,
    "status": "work_trial",
    "valid_from": "2026-02-01",
    "valid_until": "2026-07-31",
    "days_per_week": 4,
    "hours_per_day": "6.00",
    "subsidy_type": "",
}


class _PeriodAction(ETagMixin, TenantApiView):
    """Base of the actions on one period: they answer the period and its new ETag."""

    serializer_class = PeriodOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.period_list()

    def period_response(self, period_pk: int, status: int = 200, **extra: Any) -> Response:
        period = selectors.period_list().get(pk=period_pk)
        data = {**PeriodOutputSerializer(period).data, **extra}
        return self.etag_response(period, data, status=status)


@extend_schema_view(
    get=extend_schema(
        responses=s.PeriodStatusSerializer(many=True),
        examples=[OpenApiExample("Statuses", value=[STATUS_EXAMPLE], response_only=True)],
    ),
    post=extend_schema(
        request=s.PeriodStatusCreateSerializer,
        responses={201: s.PeriodStatusSerializer},
        examples=[
            OpenApiExample(
                "Work trial",
                value={
                    "status": "work_trial",
                    "valid_from": "2026-02-01",
                    "valid_until": "2026-07-31",
                    "days_per_week": 4,
                    "hours_per_day": "6.00",
                },
                request_only=True,
            ),
            OpenApiExample("Added", value=STATUS_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    ),
)
class PeriodStatusListApi(PeriodChildListCreateApi):
    """The participation statuses of a period (social-welfare data); add one."""

    permission_action = "trainee.social_welfare.view"
    write_permission_action = "period.status"
    serializer_class = s.PeriodStatusSerializer
    create_serializer_class = s.PeriodStatusCreateSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return period_selectors.period_status_history(period=period)

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        row = services.period_status_add(actor=actor_of(self.request), period=period, **values)
        return row, True


class PeriodPlacementApi(_PeriodAction):
    """Place the trainee in a work unit (If-Match: the period's ETag)."""

    permission_action = "period.view"
    write_permission_action = "period.placement"

    @extend_schema(
        request=s.PlacementSetSerializer,
        responses=PeriodOutputSerializer,
        examples=[
            OpenApiExample("Placement", value={"work_unit": 2, "supervisor": 5}, request_only=True),
            OpenApiExample("Placed", value=PERIOD_EXAMPLE, response_only=True),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        data = s.PlacementSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = self.conditional_write(
            request,
            lambda period: services.coaching_period_placement_set(
                actor=actor_of(request), period=period, **data.validated_data
            ),
        )
        return self.period_response(period.pk)


class PeriodCoachApi(_PeriodAction):
    """Give the period another coach (If-Match: the period's ETag)."""

    permission_action = "period.view"
    write_permission_action = "period.assign_coach"

    @extend_schema(
        request=s.CoachAssignSerializer,
        responses=PeriodOutputSerializer,
        examples=[
            OpenApiExample("New coach", value={"coach": 3}, request_only=True),
            OpenApiExample("Assigned", value=PERIOD_EXAMPLE, response_only=True),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        data = s.CoachAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.conditional_write(
            request,
            lambda period: services.coaching_period_coach_assign(
                actor=actor_of(request), period=period, **data.validated_data
            ),
        )
        return self.period_response(result.period.pk, warnings=result.warnings)


class PeriodEndApi(_PeriodAction):
    """End the period with its outcome (If-Match: the period's ETag)."""

    permission_action = "period.transition"

    @extend_schema(
        request=s.PeriodEndSerializer,
        responses=PeriodOutputSerializer,
        examples=[
            OpenApiExample("End", value={"outcome": "open_market_work"}, request_only=True),
            OpenApiExample("Ended", value=PERIOD_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        data = s.PeriodEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = self.conditional_write(
            request,
            lambda period: services.coaching_period_end(
                actor=actor_of(request), period=period, **data.validated_data
            ),
        )
        return self.period_response(result.period.pk, warnings=result.warnings)


@extend_schema_view(
    get=extend_schema(
        responses=s.FollowUpSerializer(many=True),
        examples=[
            OpenApiExample(
                "Contacts",
                value=[{"id": 1, "date": "2026-10-01", "kind": "phone", "outcome": "", "note": ""}],
                response_only=True,
            )
        ],
    ),
    post=extend_schema(
        request=s.FollowUpCreateSerializer,
        responses={201: s.FollowUpSerializer},
        examples=[
            OpenApiExample(
                "Contact", value={"date": "2026-10-01", "kind": "phone"}, request_only=True
            )
        ],
    ),
)
class PeriodFollowUpApi(PeriodChildListCreateApi):
    """Follow-up contacts after the period; record one."""

    permission_action = "period.view"
    write_permission_action = "period.follow_up"
    serializer_class = s.FollowUpSerializer
    create_serializer_class = s.FollowUpCreateSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return period_selectors.follow_up_contact_list(period=period)

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        contact = services.follow_up_contact_record(
            actor=actor_of(self.request), period=period, **values
        )
        return contact, True


class DailyLogApi(TenantApiView):
    """The coach's group's day in one call: re-sending the day updates it, never duplicates."""

    permission_action = "daily_log.record"
    serializer_class = s.DailyEntrySerializer

    def base_queryset(self) -> QuerySet[Any]:
        return account_selectors.user_list()

    @extend_schema(
        request=s.DailyLogSerializer,
        responses=s.DailyEntrySerializer(many=True),
        examples=[
            OpenApiExample(
                "Day",
                value={
                    "date": "2026-02-02",
                    "entries": [
                        {
                            "trainee": 9,
                            "attendance": "present",
                            "hours": "6.00",
                            "tasks": [{"task": 4, "level": 2}],
                        },
                        {"trainee": 10, "attendance": "absent_sick"},
                    ],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = s.DailyLogSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        entries = services.daily_log_record(
            actor=actor_of(request),
            date=values["date"],
            coach=values["coach"] or actor_of(request),
            entries=[
                DailyEntryInput(
                    trainee_id=entry["trainee"],
                    attendance=entry["attendance"],
                    hours=Decimal(entry["hours"]),
                    tasks=[
                        TaskDone(task_id=t["task"], level_id=t["level"]) for t in entry["tasks"]
                    ],
                    learning_notes=entry["learning_notes"],
                    capacity_observations=entry["capacity_observations"],
                )
                for entry in values["entries"]
            ],
        )
        self.audit_read(entries)
        return Response(s.DailyEntrySerializer(entries, many=True).data)
