"""Work orders from municipal units: lines, tools, assignment and status."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts import selectors as account_selectors
from coaching import selectors
from coaching.models import WorkOrderStatus


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


class WorkOrderTaskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    task = serializers.IntegerField(source="task_id")
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    notes = serializers.CharField()


class WorkOrderToolSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    lent_on = serializers.DateField()
    returned_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()


class WorkOrderSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    ordering_unit = serializers.IntegerField(source="ordering_unit_id")
    ordering_unit_name = serializers.CharField(source="ordering_unit.name")
    description = serializers.CharField()
    received_on = serializers.DateField()
    requested_start_on = serializers.DateField()
    requested_end_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    coach = serializers.IntegerField(source="coach_id", allow_null=True)
    contact_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    tasks = WorkOrderTaskSerializer(many=True)
    tools = WorkOrderToolSerializer(many=True)


class TaskLineSerializer(serializers.Serializer[Any]):
    task = serializers.PrimaryKeyRelatedField(queryset=selectors.work_task_list())
    quantity = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    notes = _text(2000)


class WorkOrderUpdateSerializer(serializers.Serializer[Any]):
    description = serializers.CharField(max_length=5000)
    requested_start_on = serializers.DateField()
    requested_end_on = serializers.DateField(required=False, allow_null=True, default=None)
    contact_name = _text(200)
    contact_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, default=""
    )
    contact_phone = _text(40)


class WorkOrderCreateSerializer(WorkOrderUpdateSerializer):
    ordering_unit = serializers.PrimaryKeyRelatedField(queryset=selectors.work_unit_list())
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    coach = serializers.PrimaryKeyRelatedField(
        queryset=account_selectors.work_coaches_active(),
        required=False,
        allow_null=True,
        default=None,
    )
    tasks = TaskLineSerializer(many=True, required=False, default=list, max_length=100)  # type: ignore[call-arg]


class TransitionSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(choices=WorkOrderStatus.choices)
    reason = _text(5000)


class AssignSerializer(serializers.Serializer[Any]):
    coach = serializers.PrimaryKeyRelatedField(
        queryset=account_selectors.work_coaches_active(), required=False, allow_null=True
    )
    periods = serializers.PrimaryKeyRelatedField(
        queryset=selectors.period_list(), many=True, required=False
    )


class ToolLendSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    lent_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = _text(300)


class ToolReturnSerializer(serializers.Serializer[Any]):
    returned_on = serializers.DateField(required=False, allow_null=True, default=None)
