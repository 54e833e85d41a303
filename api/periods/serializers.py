"""Periods: participation statuses, placement, coach, ending, follow-up, the group's day."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from accounts import selectors as account_selectors
from coaching import selectors
from coaching.models import Attendance, FollowUpContact, Outcome


def _text() -> serializers.CharField:
    return serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PeriodStatusSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField(source="status.code")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    days_per_week = serializers.IntegerField()
    hours_per_day = serializers.DecimalField(max_digits=4, decimal_places=2)
    subsidy_type = serializers.CharField()


class PeriodStatusCreateSerializer(serializers.Serializer[Any]):
    status = serializers.SlugRelatedField(
        slug_field="code", queryset=selectors.participation_status_list()
    )
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    days_per_week = serializers.IntegerField(min_value=1, max_value=7)
    hours_per_day = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=0, max_value=24
    )
    subsidy_type = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class PlacementSetSerializer(serializers.Serializer[Any]):
    work_unit = serializers.PrimaryKeyRelatedField(queryset=selectors.work_unit_list())
    supervisor = serializers.PrimaryKeyRelatedField(
        queryset=account_selectors.user_list(), required=False, allow_null=True, default=None
    )


class CoachAssignSerializer(serializers.Serializer[Any]):
    coach = serializers.PrimaryKeyRelatedField(queryset=account_selectors.work_coaches_active())
    override_reason = _text()


class PeriodEndSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = _text()


class FollowUpSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    kind = serializers.CharField()
    outcome = serializers.CharField()
    note = serializers.CharField()


class FollowUpCreateSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=FollowUpContact.Kind.choices)
    note = _text()
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_blank=True, default=""
    )


class TaskDoneSerializer(serializers.Serializer[Any]):
    task = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    level = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class DailyEntryInputSerializer(serializers.Serializer[Any]):
    trainee = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        max_value=24,
        required=False,
        default=Decimal(0),
    )
    tasks = TaskDoneSerializer(many=True, required=False, default=list, max_length=50)  # type: ignore[call-arg]
    learning_notes = _text()
    capacity_observations = _text()


class DailyLogSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    coach = serializers.PrimaryKeyRelatedField(
        queryset=account_selectors.user_list(), required=False, allow_null=True, default=None
    )
    entries = DailyEntryInputSerializer(many=True, max_length=200)  # type: ignore[call-arg]


class DailyEntrySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    period = serializers.IntegerField(source="period_id")
    date = serializers.DateField()
    attendance = serializers.CharField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    learning_notes = serializers.CharField()
    capacity_observations = serializers.CharField()
