"""The capacity indicator's assessments and the change between two occasions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competence.capacity.change import AnswerState, Comparison, dimension_scores
from competence.capacity.models import Occasion, RaterType
from competence.capacity.selectors import capacity_assessment_snapshot


# An answer is a value on the instrument's scale or the text "not_observed".
def answer_field() -> serializers.JSONField:
    return serializers.JSONField(
        help_text='A value on the scale (integer) or "not_observed"; an item left out is missing.'
    )


class DimensionScoreSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    observed = serializers.IntegerField()
    not_observed = serializers.IntegerField()
    missing = serializers.IntegerField()


class AssessmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    instrument = serializers.IntegerField(source="instrument_id")
    instrument_code = serializers.CharField(source="instrument.code")
    version = serializers.IntegerField(source="version_id")
    occasion = serializers.ChoiceField(choices=Occasion.choices)
    rater_type = serializers.ChoiceField(choices=RaterType.choices)
    rater = serializers.IntegerField(source="rater_id", allow_null=True)
    assessed_on = serializers.DateField()
    note = serializers.CharField()
    is_final = serializers.BooleanField()
    finalised_at = serializers.DateTimeField(allow_null=True)
    answers = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=answer_field()))
    def get_answers(self, assessment: Any) -> dict[str, Any]:
        """Item code -> value or "not_observed" (from the selector's prefetched answers)."""
        return {
            answer.item.code: "not_observed" if answer.not_observed else answer.value
            for answer in assessment.answers.all()
        }

    @extend_schema_field(DimensionScoreSerializer(many=True))
    def get_scores(self, assessment: Any) -> list[dict[str, Any]]:
        """Each dimension's mean of its observed items, with the counts behind it."""
        scores = dimension_scores(capacity_assessment_snapshot(assessment))
        return list(DimensionScoreSerializer(scores, many=True).data)


class AssessmentSubmitSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    occasion = serializers.ChoiceField(choices=Occasion.choices)
    rater_type = serializers.ChoiceField(choices=RaterType.choices)
    assessed_on = serializers.DateField()
    answers = serializers.DictField(child=answer_field(), allow_empty=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    finalise = serializers.BooleanField(required=False, default=False)


class AssessmentListQuerySerializer(serializers.Serializer[Any]):
    occasion = serializers.ChoiceField(choices=Occasion.choices, required=False)
    rater_type = serializers.ChoiceField(choices=RaterType.choices, required=False)


class ChangeQuerySerializer(serializers.Serializer[Any]):
    instrument = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    rater_type = serializers.ChoiceField(choices=RaterType.choices)
    from_occasion = serializers.ChoiceField(choices=Occasion.choices)
    to_occasion = serializers.ChoiceField(choices=Occasion.choices)
    rater = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


class ItemValueSerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=[(s.value, s.value) for s in AnswerState])
    value = serializers.IntegerField(allow_null=True)


class ItemChangeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    first = ItemValueSerializer()
    second = ItemValueSerializer()
    change = serializers.IntegerField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class DimensionChangeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    first = DimensionScoreSerializer(allow_null=True)
    second = DimensionScoreSerializer(allow_null=True)
    change = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    paired = serializers.IntegerField()
    items = serializers.IntegerField()
    coverage = serializers.DecimalField(max_digits=6, decimal_places=2)
    reasons = serializers.ListField(child=serializers.CharField())
    item_changes = ItemChangeSerializer(many=True)


class ComparisonSerializer(serializers.Serializer[Any]):
    """The change from the first occasion to the second, dimension by dimension."""

    sides = serializers.ListField(child=serializers.CharField())
    dimensions = DimensionChangeSerializer(many=True)


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    return dict(ComparisonSerializer(comparison).data)
