"""The capacity indicator: a period's assessments, entering one, the change between occasions.

Thin views over ``competence.capacity``: reads through its selectors, the entry through
``capacity_assessment_submit`` with the rater the web entry page uses (the coach is the
caller, the unit supervisor is the period's placement supervisor, a self-assessment has none).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.selectors import user_list
from api.base import PeriodChildListCreateApi, TenantApiView
from api.common import actor_of
from api.etag import ETagMixin
from coaching import selectors as coaching_selectors
from coaching.models import CoachingPeriod
from competence.capacity import selectors
from competence.capacity.models import InstrumentVersion, RaterType
from competence.capacity.services import capacity_assessment_submit, capacity_rater_types_for

from . import serializers as s

SCORE_EXAMPLE = {"code": "work", "mean": "3.50", "observed": 2, "not_observed": 1, "missing": 0}
ASSESSMENT_EXAMPLE = {
    "id": 8,
    "period": 12,
    "instrument": 1,
    "instrument_code": "valmo-coach-observation",
    "version": 1,
    "occasion": "baseline",
    "rater_type": "coach",
    "rater": 2,
    "assessed_on": "2026-03-05",
    "note": "",
    "is_final": False,
    "finalised_at": None,
    "answers": {"punctuality": 3, "pace": 4, "coping": "not_observed"},
    "scores": [SCORE_EXAMPLE],
}
SUBMIT_EXAMPLE = {
    "version": 1,
    "occasion": "baseline",
    "rater_type": "coach",
    "assessed_on": "2026-03-05",
    "answers": {"punctuality": 3, "pace": 4, "coping": "not_observed"},
    "note": "",
    "finalise": False,
}
CHANGE_EXAMPLE = {
    "sides": ["baseline", "final"],
    "dimensions": [
        {
            "code": "work",
            "first": SCORE_EXAMPLE,
            "second": {**SCORE_EXAMPLE, "mean": "4.00"},
            "change": "0.50",
            "paired": 2,
            "items": 3,
            "coverage": "0.67",
            "reasons": [],
            "item_changes": [
                {
                    "code": "pace",
                    "first": {"state": "observed", "value": 4},
                    "second": {"state": "observed", "value": 5},
                    "change": 1,
                    "reasons": [],
                }
            ],
        }
    ],
}


def _rater_of(actor: User, period: CoachingPeriod, rater_type: str) -> User | None:
    """The rater the web entry page names for this rater type."""
    if rater_type == RaterType.SUPERVISOR:
        return period.placement_supervisor
    if rater_type == RaterType.COACH:
        return actor
    return None


@extend_schema_view(
    get=extend_schema(
        parameters=[s.AssessmentListQuerySerializer],
        responses=s.AssessmentSerializer(many=True),
        examples=[OpenApiExample("Assessments", value=[ASSESSMENT_EXAMPLE], response_only=True)],
    ),
    post=extend_schema(
        request=s.AssessmentSubmitSerializer,
        responses={200: s.AssessmentSerializer, 201: s.AssessmentSerializer},
        examples=[
            OpenApiExample("Entry", value=SUBMIT_EXAMPLE, request_only=True),
            OpenApiExample(
                "Entered", value=ASSESSMENT_EXAMPLE, response_only=True, status_codes=["201"]
            ),
            OpenApiExample(
                "Replaced (re-sent before it was final)",
                value=ASSESSMENT_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            ),
        ],
    ),
)
class PeriodAssessmentListApi(PeriodChildListCreateApi):
    """A period's capacity assessments (``capacity.view``); enter one (``capacity.assess``)."""

    permission_action = "capacity.view"
    write_permission_action = "capacity.assess"
    serializer_class = s.AssessmentSerializer
    create_serializer_class = s.AssessmentSubmitSerializer

    def child_rows(self, period: Any) -> QuerySet[Any]:
        query = s.AssessmentListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        filters = {name: value for name, value in query.validated_data.items() if value}
        return selectors.capacity_assessment_list(period=period, **filters).order_by(
            "assessed_on", "pk"
        )

    def child_create(self, period: Any, values: dict[str, Any]) -> tuple[Any, bool]:
        actor = actor_of(self.request)
        if not capacity_rater_types_for(actor, period, [values["rater_type"]]):
            raise PermissionDenied(_("You may not enter this assessment."))
        try:
            version = selectors.capacity_version_get(pk=values["version"])
        except InstrumentVersion.DoesNotExist:
            raise ValidationError({"version": [_("No such version.")]}) from None
        existing = selectors.capacity_assessment_list(
            period=period,
            instrument=version.instrument,
            occasion=values["occasion"],
            rater_type=values["rater_type"],
        )
        rater = _rater_of(actor, period, values["rater_type"])
        if rater is not None:
            existing = existing.filter(rater=rater)
        created = not existing.exists()
        assessment = capacity_assessment_submit(
            actor=actor,
            period=period,
            version=version,
            occasion=values["occasion"],
            rater_type=values["rater_type"],
            rater=rater,
            assessed_on=values["assessed_on"],
            answers=values["answers"],
            note=values["note"],
            finalise=values["finalise"],
        )
        return selectors.capacity_assessment_detail_list().get(pk=assessment.pk), created


class AssessmentDetailApi(ETagMixin, TenantApiView):
    """One capacity assessment with its answers and dimension scores (ETag)."""

    permission_action = "capacity.view"
    serializer_class = s.AssessmentSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.capacity_assessment_detail_list()

    @extend_schema(examples=[OpenApiExample("Assessment", value=ASSESSMENT_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)


class PeriodCapacityChangeApi(TenantApiView):
    """The change between two occasions of one instrument and rater type, per dimension/item."""

    permission_action = "capacity.view"
    serializer_class = s.ComparisonSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return coaching_selectors.period_list()

    @extend_schema(
        parameters=[s.ChangeQuerySerializer],
        responses=s.ComparisonSerializer,
        examples=[OpenApiExample("Change", value=CHANGE_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        period = self.get_object()
        query = s.ChangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        instrument = selectors.capacity_instrument_list().filter(pk=values["instrument"]).first()
        if instrument is None:
            raise ValidationError({"instrument": [_("No such instrument.")]})
        rater = None
        if values.get("rater") is not None:
            rater = user_list().filter(pk=values["rater"]).first()
            if rater is None:
                raise ValidationError({"rater": [_("No such rater.")]})
        comparison = selectors.capacity_change_between_occasions(
            period=period,
            instrument=instrument,
            rater_type=values["rater_type"],
            from_occasion=values["from_occasion"],
            to_occasion=values["to_occasion"],
            rater=rater,
        )
        self.audit_read([period])
        return Response(s.comparison_data(comparison))
