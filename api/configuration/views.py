"""The tenant admin's configuration writes: sites, work units, partner organisations.

Thin views over ``coaching.services`` (the same services as the setup screens): reads under
``configuration.view``, writes under ``configuration.change`` (sites, work units) and
``partner.manage`` (partner organisations). Updates need If-Match.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.selectors import staff_list
from api.base import TenantApiView
from api.coaching.views import SiteListApi as SiteReadListApi
from api.coaching.views import SiteOutputSerializer
from api.common import actor_of
from api.etag import ETagMixin
from coaching import selectors, services
from coaching.models import PartnerOrganisation, Site

MAX_ID = 2**31 - 1
SITE_EXAMPLE = {"id": 3, "name": "Kierrätyskeskus", "address": "Teollisuuskatu 5"}
WORK_UNIT_EXAMPLE = {
    "id": 5,
    "name": "Puistoyksikkö",
    "site": 3,
    "department": "Tekninen toimi",
    "contact_name": "Pekka Puisto",
    "contact_email": "pekka.puisto@example.fi",
    "contact_phone": "040 123 4567",
    "supervisor": None,
    "is_active": True,
}
PARTNER_EXAMPLE = {"id": 2, "name": "Työllisyysalue", "kind": "employment_area", "is_active": True}


class SiteInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SiteUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, max_length=200)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    is_active = serializers.BooleanField(required=False)


class WorkUnitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    site = serializers.IntegerField(source="site_id", allow_null=True)
    department = serializers.CharField()
    contact_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    supervisor = serializers.IntegerField(source="supervisor_id", allow_null=True)
    is_active = serializers.BooleanField()


class WorkUnitInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    site = serializers.IntegerField(min_value=1, max_value=MAX_ID, allow_null=True, default=None)
    department = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    contact_name = serializers.CharField(max_length=200)
    contact_email = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=254
    )
    contact_phone = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=50
    )
    supervisor = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, allow_null=True, default=None
    )


class WorkUnitUpdateSerializer(WorkUnitInputSerializer):
    is_active = serializers.BooleanField(required=False, default=True)


class PartnerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PartnerOrganisation.Kind.choices)
    is_active = serializers.BooleanField()


class PartnerInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=PartnerOrganisation.Kind.choices)


class PartnerUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, max_length=200)
    kind = serializers.ChoiceField(choices=PartnerOrganisation.Kind.choices, required=False)
    is_active = serializers.BooleanField(required=False)


def _references(values: dict[str, Any]) -> dict[str, Any]:
    """Site and supervisor ids to rows; an unknown id is a 400 naming the field."""
    site: Site | None = None
    supervisor: User | None = None
    if values["site"] is not None:
        site = selectors.site_detail_list().filter(pk=values["site"]).first()
        if site is None:
            raise ValidationError({"site": [_("Choose an active site.")]})
    if values["supervisor"] is not None:
        supervisor = staff_list().filter(pk=values["supervisor"]).first()
        if supervisor is None:
            raise ValidationError(
                {
                    "supervisor": [
                        _("The selected user does not have the role %(role)s.")
                        % {"role": User.Role.UNIT_SUPERVISOR.label}
                    ]
                }
            )
    return {**values, "site": site, "supervisor": supervisor}


class SiteListApi(SiteReadListApi):
    """The municipality's sites; the tenant admin adds one (``configuration.change``)."""

    write_permission_action = "configuration.change"

    @extend_schema(
        request=SiteInputSerializer,
        responses={201: SiteOutputSerializer},
        examples=[
            OpenApiExample("New site", value={"name": "Kierrätyskeskus"}, request_only=True),
            OpenApiExample("Created", value=SITE_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    )
    def post(self, request: Request) -> Response:
        data = SiteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        site = services.site_create(actor=actor_of(request), **data.validated_data)
        return Response(SiteOutputSerializer(site).data, status=201)


class SiteDetailApi(ETagMixin, TenantApiView):
    """One site (ETag); rename, re-address or retire it with If-Match."""

    permission_action = "configuration.view"
    write_permission_action = "configuration.change"
    serializer_class = SiteOutputSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.site_detail_list()

    @extend_schema(examples=[OpenApiExample("Site", value=SITE_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=SiteUpdateSerializer,
        responses=SiteOutputSerializer,
        examples=[
            OpenApiExample("Change", value={"address": "Teollisuuskatu 7"}, request_only=True),
            OpenApiExample("Changed", value=SITE_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = SiteUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        site = self.conditional_write(
            request,
            lambda site: services.site_update(
                actor=actor_of(request), site=site, **data.validated_data
            ),
        )
        return self.etag_response(site, SiteOutputSerializer(site).data)


class WorkUnitListApi(ListModelMixin, TenantApiView):
    """The municipality's work units; the tenant admin adds one (``configuration.change``)."""

    permission_action = "configuration.view"
    write_permission_action = "configuration.change"
    serializer_class = WorkUnitSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.work_unit_detail_list().order_by("name", "pk")

    @extend_schema(
        examples=[OpenApiExample("Work units", value=[WORK_UNIT_EXAMPLE], response_only=True)]
    )
    def get(self, request: Request) -> Response:
        return self.list(request)

    @extend_schema(
        request=WorkUnitInputSerializer,
        responses={201: WorkUnitSerializer},
        examples=[
            OpenApiExample(
                "New unit",
                value={"name": "Puistoyksikkö", "site": 3, "contact_name": "Pekka Puisto"},
                request_only=True,
            ),
            OpenApiExample(
                "Created", value=WORK_UNIT_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = WorkUnitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.work_unit_create(
            actor=actor_of(request), **_references(dict(data.validated_data))
        )
        return Response(WorkUnitSerializer(unit).data, status=201)


class WorkUnitDetailApi(ETagMixin, TenantApiView):
    """One work unit (ETag); replace its details or retire it with If-Match."""

    permission_action = "configuration.view"
    write_permission_action = "configuration.change"
    serializer_class = WorkUnitSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.work_unit_detail_list()

    @extend_schema(examples=[OpenApiExample("Work unit", value=WORK_UNIT_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=WorkUnitUpdateSerializer,
        responses=WorkUnitSerializer,
        examples=[
            OpenApiExample(
                "Replace",
                value={"name": "Puistoyksikkö", "site": 3, "contact_name": "Paula Puisto"},
                request_only=True,
            ),
            OpenApiExample("Changed", value=WORK_UNIT_EXAMPLE, response_only=True),
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        data = WorkUnitUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _references(dict(data.validated_data))
        unit = self.conditional_write(
            request,
            lambda unit: services.work_unit_update(actor=actor_of(request), unit=unit, **values),
        )
        unit = selectors.work_unit_detail_list().get(pk=unit.pk)
        return self.etag_response(unit, WorkUnitSerializer(unit).data)


class PartnerListApi(ListModelMixin, TenantApiView):
    """Partner organisations (referrers, employers …); add one (``partner.manage``)."""

    permission_action = "configuration.view"
    write_permission_action = "partner.manage"
    serializer_class = PartnerSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.partner_organisation_list()

    @extend_schema(
        examples=[OpenApiExample("Partners", value=[PARTNER_EXAMPLE], response_only=True)]
    )
    def get(self, request: Request) -> Response:
        return self.list(request)

    @extend_schema(
        request=PartnerInputSerializer,
        responses={201: PartnerSerializer},
        examples=[
            OpenApiExample(
                "New partner",
                value={"name": "Työllisyysalue", "kind": "employment_area"},
                request_only=True,
            ),
            OpenApiExample(
                "Created", value=PARTNER_EXAMPLE, response_only=True, status_codes=["201"]
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = PartnerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = services.partner_organisation_add(
            actor=actor_of(request), **data.validated_data
        )
        return Response(PartnerSerializer(organisation).data, status=201)


class PartnerDetailApi(ETagMixin, TenantApiView):
    """One partner organisation (ETag); rename, reclassify or retire it with If-Match."""

    permission_action = "configuration.view"
    write_permission_action = "partner.manage"
    serializer_class = PartnerSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.partner_organisation_list()

    @extend_schema(examples=[OpenApiExample("Partner", value=PARTNER_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=PartnerUpdateSerializer,
        responses=PartnerSerializer,
        examples=[
            OpenApiExample("Retire", value={"is_active": False}, request_only=True),
            OpenApiExample(
                "Changed", value={**PARTNER_EXAMPLE, "is_active": False}, response_only=True
            ),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = PartnerUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = self.conditional_write(
            request,
            lambda row: services.partner_organisation_update(
                actor=actor_of(request), organisation=row, **data.validated_data
            ),
        )
        return self.etag_response(organisation, PartnerSerializer(organisation).data)
