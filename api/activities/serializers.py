"""Coaching activities (shared events) and their attendance."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from coaching import selectors
from coaching.models import ActivityAttendance


class ParticipantSerializer(serializers.Serializer[Any]):
    period = serializers.IntegerField(source="period_id")
    attendance = serializers.CharField()
    note = serializers.CharField()


class ActivitySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    type = serializers.CharField(source="type.code")
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(allow_null=True)
    place = serializers.CharField()
    organiser = serializers.CharField()
    description = serializers.CharField()
    participants = ParticipantSerializer(many=True)


class ActivityWriteSerializer(serializers.Serializer[Any]):
    activity_type = serializers.SlugRelatedField(
        slug_field="code", queryset=selectors.activity_type_all()
    )
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    organiser = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )


class ParticipantInputSerializer(serializers.Serializer[Any]):
    period = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    attendance = serializers.ChoiceField(
        choices=ActivityAttendance.choices, default=ActivityAttendance.REGISTERED
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AttendanceSerializer(serializers.Serializer[Any]):
    participants = ParticipantInputSerializer(many=True, max_length=500)  # type: ignore[call-arg]
