"""Goals and reviews, the learning diary: thin views over coaching.services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import PeriodChildListCreateApi, TenantApiView
from api.common import actor_of
from api.etag import ETagMixin
from coaching import selectors, services
from coaching.services.goals import goal_update

from . import serializers as s

GOAL_EXAMPLE = {
    "id": 7,
    "period": 12,
    "text": "Työskentelee kuusi tuntia päivässä",
    "source": "intake",
    "status": "open",
    "review_due_on": "2026-03-01",
    "reviews": [],
}
DIARY_EXAMPLE = {
    "id": 3,
    "period": 12,
    "date": "2026-02-02",
    "did": "Lajittelin tekstiilejä",
    "learned": "Uuden koneen käytön",
    "felt": "Hyvältä",
    "is_shared": True,
    "coach_comment": "",
    "commented_by": None,
    "commented_at": None,
}


@extend_schema_view(
    get=extend_schema(
        responses=s.GoalSerializer(many=True),
        examples=[OpenApiExample("Goals", value=[GOAL_EXAMPLE], response_only=True)],
    ),
    post=extend_schema(
        request=s.GoalCreateSerializer,
        responses={201: s.GoalSerializer},
        examples=[
            OpenApiExample(
                "New goal",
                value={"text": "Työskentelee kuusi tuntia päivässä", "review_due_on": "2026-03-01"},
                request_only=True,
            ),
            OpenApiExample("Created", value=GOAL_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    ),
)
class PeriodGoalListApi(PeriodChildListCreateApi):
    """A period's goals (``goal.view``); a new goal (``goal.manage``)."""

    permission_action = "goal.view"
    write_permission_action = "goal.manage"
    serializer_class = s.GoalSerializer
    create_serializer_class = s.GoalCreateSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return selectors.goal_detail_list().filter(period=period)

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        goal = services.goal_create(actor=actor_of(self.request), period=period, **values)
        return selectors.goal_detail_list().get(pk=goal.pk), True


class GoalDetailApi(ETagMixin, TenantApiView):
    """One goal (ETag); change its text or review date with If-Match."""

    permission_action = "goal.view"
    write_permission_action = "goal.manage"
    serializer_class = s.GoalSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.goal_detail_list()

    @extend_schema(examples=[OpenApiExample("Goal", value=GOAL_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=s.GoalUpdateSerializer,
        responses=s.GoalSerializer,
        examples=[
            OpenApiExample(
                "Change", value={"text": "Työskentelee viisi tuntia päivässä"}, request_only=True
            ),
            OpenApiExample("Changed", value=GOAL_EXAMPLE, response_only=True),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        data = s.GoalUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = self.conditional_write(
            request,
            lambda goal: goal_update(actor=actor_of(request), goal=goal, **data.validated_data),
        )
        goal = selectors.goal_detail_list().get(pk=goal.pk)
        return self.etag_response(goal, s.GoalSerializer(goal).data)


class GoalReviewCreateApi(TenantApiView):
    """Record a review of a goal: its progress note and new status."""

    permission_action = "goal.manage"
    serializer_class = s.GoalReviewSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.goal_detail_list()

    @extend_schema(
        request=s.GoalReviewCreateSerializer,
        responses={201: s.GoalReviewSerializer},
        examples=[
            OpenApiExample(
                "Review",
                value={"date": "2026-03-01", "note": "Edistynyt", "status": "partly_achieved"},
                request_only=True,
            ),
            OpenApiExample(
                "Recorded",
                value={
                    "id": 4,
                    "date": "2026-03-01",
                    "reviewer": 2,
                    "note": "Edistynyt",
                    "from_status": "open",
                    "to_status": "partly_achieved",
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        goal = self.get_object()
        data = s.GoalReviewCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.goal_review_record(
            actor=actor_of(request), goal=goal, **data.validated_data
        )
        return Response(s.GoalReviewSerializer(review).data, status=201)


@extend_schema_view(
    get=extend_schema(
        responses=s.DiaryEntrySerializer(many=True),
        examples=[OpenApiExample("Diary", value=[DIARY_EXAMPLE], response_only=True)],
    ),
    post=extend_schema(
        request=s.DiaryEntryCreateSerializer,
        responses={201: s.DiaryEntrySerializer},
        examples=[
            OpenApiExample(
                "Entry",
                value={"date": "2026-02-02", "did": "Lajittelin tekstiilejä", "is_shared": True},
                request_only=True,
            ),
            OpenApiExample(
                "Created", value=DIARY_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    ),
)
class PeriodDiaryListApi(PeriodChildListCreateApi):
    """A period's diary as the caller may read it; the trainee writes new entries."""

    permission_action = "diary.view"
    write_permission_action = "diary.write"
    serializer_class = s.DiaryEntrySerializer
    create_serializer_class = s.DiaryEntryCreateSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        return selectors.diary_entry_list(period=period, viewer=actor_of(self.request))

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        entry = services.diary_entry_create(actor=actor_of(self.request), period=period, **values)
        return entry, True


class DiaryEntryDetailApi(ETagMixin, TenantApiView):
    """One diary entry (ETag); the trainee changes it with If-Match."""

    permission_action = "diary.view"
    write_permission_action = "diary.write"
    serializer_class = s.DiaryEntrySerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.diary_entry_detail_list()

    def _visible(self, request: Request) -> None:
        entry = self.get_object()
        if (
            not selectors.diary_entry_list(period=entry.period, viewer=actor_of(request))
            .filter(pk=entry.pk)
            .exists()
        ):
            raise Http404

    @extend_schema(examples=[OpenApiExample("Entry", value=DIARY_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        self._visible(request)
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=s.DiaryEntryUpdateSerializer,
        responses=s.DiaryEntrySerializer,
        examples=[
            OpenApiExample("Share", value={"is_shared": True}, request_only=True),
            OpenApiExample("Changed", value=DIARY_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        self._visible(request)
        data = s.DiaryEntryUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = self.conditional_write(
            request,
            lambda entry: services.diary_entry_update(
                actor=actor_of(request), entry=entry, **data.validated_data
            ),
        )
        return self.etag_response(entry, s.DiaryEntrySerializer(entry).data)


class DiaryCommentApi(TenantApiView):
    """The coach's response to a shared diary entry."""

    permission_action = "diary.comment"
    serializer_class = s.DiaryEntrySerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.diary_entry_detail_list().filter(is_shared=True)

    @extend_schema(
        request=s.DiaryCommentSerializer,
        responses=s.DiaryEntrySerializer,
        examples=[
            OpenApiExample("Comment", value={"comment": "Hienoa!"}, request_only=True),
            OpenApiExample("Commented", value=DIARY_EXAMPLE, response_only=True),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = self.get_object()
        data = s.DiaryCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.diary_entry_comment(
            actor=actor_of(request), entry=entry, comment=data.validated_data["comment"]
        )
        return Response(s.DiaryEntrySerializer(entry).data)
