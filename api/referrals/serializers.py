"""Referrals: the case manager's intake, attachments, accepting and declining."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts import selectors as account_selectors
from coaching import selectors
from coaching.models import Referral


def _text(max_length: int = 5000) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


class AttachmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    description = serializers.CharField()

    def get_name(self, attachment: Any) -> str:
        return str(attachment.file.name).rsplit("/", 1)[-1]


class ReferralSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    trainee = serializers.IntegerField(source="trainee_id")
    trainee_name = serializers.CharField(source="trainee.__str__")
    case_manager = serializers.IntegerField(source="case_manager_id")
    legal_basis = serializers.CharField()
    legal_basis_date = serializers.DateField()
    requested_status = serializers.CharField(source="requested_status.code")
    service_form = serializers.CharField(source="service_form.code")
    target_group = serializers.CharField(source="target_group.code", allow_null=True, default=None)
    days_per_week = serializers.IntegerField()
    hours_per_day = serializers.DecimalField(max_digits=4, decimal_places=2)
    planned_start_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    planned_review_on = serializers.DateField(allow_null=True)
    goals = serializers.CharField()
    declined_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    attachments = AttachmentSerializer(many=True)


class ReferralFieldsSerializer(serializers.Serializer[Any]):
    """What ``coaching.services.referral_create`` takes, related rows named by id or code."""

    case_manager = serializers.PrimaryKeyRelatedField(queryset=selectors.partner_contact_list())
    legal_basis = serializers.ChoiceField(choices=Referral.LegalBasis.choices)
    legal_basis_date = serializers.DateField()
    requested_status = serializers.SlugRelatedField(
        slug_field="code", queryset=selectors.participation_status_list()
    )
    service_form = serializers.SlugRelatedField(
        slug_field="code", queryset=selectors.service_form_list()
    )
    target_group = serializers.SlugRelatedField(
        slug_field="code",
        queryset=selectors.target_group_list(),
        required=False,
        allow_null=True,
        default=None,
    )
    days_per_week = serializers.IntegerField(min_value=1, max_value=7)
    hours_per_day = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=0, max_value=24
    )
    planned_start_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    planned_review_on = serializers.DateField(required=False, allow_null=True, default=None)
    goals = _text()
    safety_restrictions = _text()


TRAINEE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "personal_identity_code",
    "email",
    "phone",
    "languages",
)


class IntakeSerializer(ReferralFieldsSerializer):
    """A new trainee and their referral in one body (JSON, or multipart with files)."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    personal_identity_code = _text(11)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    attachments = serializers.ListField(
        child=serializers.FileField(max_length=200), required=False, default=list, max_length=10
    )
    attachment_description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class AttachmentCreateSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(max_length=200)
    description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class DeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=5000)


class AcceptSerializer(serializers.Serializer[Any]):
    coach = serializers.PrimaryKeyRelatedField(queryset=account_selectors.work_coaches_active())
    start_on = serializers.DateField()
    planned_end_on = serializers.DateField()
    override_reason = _text()
