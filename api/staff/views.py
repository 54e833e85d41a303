"""Staff accounts and invitations, for the tenant admin."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import selectors, services
from accounts.models import User
from api.base import TenantApiView
from api.common import actor_of
from api.etag import ETagMixin
from api.filters import bool_filter, choice_filter

STAFF_EXAMPLE = {
    "id": 3,
    "email": "valmentaja@kunta.fi",
    "first_name": "Vilja",
    "last_name": "Valmentaja",
    "role": "work_coach",
    "title": "Työvalmentaja",
    "phone": "",
    "is_active": True,
}


class StaffSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    role = serializers.CharField()
    title = serializers.CharField()
    phone = serializers.CharField()
    is_active = serializers.BooleanField()


class StaffUpdateSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=User.Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)


class InviteSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=User.Role.choices)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class InvitationSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    expires_at = serializers.DateTimeField()


class StaffListApi(ListModelMixin, TenantApiView):
    """The staff (``account.administer``: the tenant admin)."""

    permission_action = "account.administer"
    serializer_class = StaffSerializer
    filter_fields = {
        "role": choice_filter("role", User.Role.choices),
        "is_active": bool_filter("is_active"),
    }
    ordering_fields = {"id": "pk", "email": "email"}

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.staff_list()

    @extend_schema(examples=[OpenApiExample("Staff", value=[STAFF_EXAMPLE])])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class StaffDetailApi(ETagMixin, TenantApiView):
    permission_action = "account.administer"
    serializer_class = StaffSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.staff_list()

    @extend_schema(examples=[OpenApiExample("Member", value=STAFF_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=StaffUpdateSerializer,
        responses=StaffSerializer,
        examples=[
            OpenApiExample("Deactivate", value={"is_active": False}, request_only=True),
            OpenApiExample("Changed", value=STAFF_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = StaffUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = self.conditional_write(
            request,
            lambda user: services.staff_update(
                actor=actor_of(request), user=user, **data.validated_data
            ),
        )
        return self.etag_response(user, StaffSerializer(user).data)


class InvitationApi(TenantApiView):
    """Invite a member of staff: the account is created and the invitation e-mailed."""

    permission_action = "account.administer"
    serializer_class = InvitationSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.staff_list()

    @extend_schema(
        request=InviteSerializer,
        responses={201: InvitationSerializer},
        examples=[
            OpenApiExample(
                "Invite",
                value={"email": "uusi@kunta.fi", "role": "work_coach", "first_name": "Uusi"},
                request_only=True,
            ),
            OpenApiExample(
                "Invited",
                value={"id": 4, "user": 9, "expires_at": "2026-02-09T12:00:00Z"},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = InviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.staff_invite(actor=actor_of(request), **data.validated_data)
        return Response(InvitationSerializer(invitation).data, status=201)
