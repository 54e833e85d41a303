"""Goals, their reviews and the learning diary."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from coaching.models import Goal, GoalStatus


class GoalReviewSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField()
    reviewer = serializers.IntegerField(source="reviewer_id", allow_null=True)
    note = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()


class GoalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    text = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    status = serializers.CharField()
    review_due_on = serializers.DateField(allow_null=True)
    reviews = GoalReviewSerializer(many=True)


class GoalCreateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=Goal.Source.choices, default=Goal.Source.INTAKE
    )
    review_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class GoalUpdateSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=5000)
    review_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class GoalReviewCreateSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    note = serializers.CharField(max_length=5000)
    status = serializers.ChoiceField(choices=GoalStatus.choices)
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class DiaryEntrySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    date = serializers.DateField()
    did = serializers.CharField()
    learned = serializers.CharField()
    felt = serializers.CharField()
    is_shared = serializers.BooleanField()
    coach_comment = serializers.CharField()
    commented_by = serializers.IntegerField(source="commented_by_id", allow_null=True)
    commented_at = serializers.DateTimeField(allow_null=True)


class DiaryEntryCreateSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    did = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    learned = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    felt = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    is_shared = serializers.BooleanField(required=False, default=False)


class DiaryEntryUpdateSerializer(serializers.Serializer[Any]):
    did = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    learned = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    felt = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    is_shared = serializers.BooleanField(required=False)


class DiaryCommentSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(max_length=5000)
