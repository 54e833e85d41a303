"""Protective equipment issued to trainees, and locker keys."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from coaching import selectors


def _optional_date() -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None)


class EquipmentIssueSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    trainee = serializers.IntegerField(source="trainee_id")
    equipment_type = serializers.CharField(source="equipment_type.name")
    size = serializers.CharField()
    issued_on = serializers.DateField()
    returned_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class EquipmentIssueCreateSerializer(serializers.Serializer[Any]):
    equipment_type = serializers.PrimaryKeyRelatedField(queryset=selectors.equipment_type_list())
    issued_on = _optional_date()
    size = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReturnSerializer(serializers.Serializer[Any]):
    returned_on = _optional_date()


class LockerAssignmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    locker = serializers.IntegerField(source="locker_id")
    locker_number = serializers.CharField(source="locker.number")
    trainee = serializers.IntegerField(source="trainee_id")
    key_issued_on = serializers.DateField()
    key_returned_on = serializers.DateField(allow_null=True)


class LockerAssignSerializer(serializers.Serializer[Any]):
    locker = serializers.PrimaryKeyRelatedField(queryset=selectors.locker_list())
    key_issued_on = _optional_date()
