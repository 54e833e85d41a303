"""The task catalogue: tasks with their levels, the national default sectors, difficulty levels.

Thin views over ``coaching.services.catalogue`` (the same services as the setup screens under
``/asetukset/tehtavat/``): reads under ``catalogue.view``, writes under ``catalogue.manage``
(the tenant admin). Updates, retiring and restoring need If-Match with the task's ETag.
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

from api.base import TenantApiView
from api.common import actor_of
from api.etag import ETagMixin
from coaching import catalogue_selectors as selectors
from coaching import services
from coaching.models import EquipmentType, TaskSector, WorkUnit

MAX_ID = 2**31 - 1
LEVELS_EXAMPLE = [
    {"level": 1, "description": "Kulkuväylien lapiointi"},
    {"level": 2, "description": "Hiekoitus ja kolaus"},
    {"level": 3, "description": "Kohteen talvikunnossapito"},
]
TASK_EXAMPLE = {
    "id": 4,
    "sector": 1,
    "sector_code": "property_care",
    "name": "Lumityöt",
    "description": "",
    "protective_equipment": "Talvikengät, huomioliivi",
    "required_equipment": [2, 5],
    "needs_transport": False,
    "ordering_unit": None,
    "national_default": "Lumityöt",
    "retired_at": None,
    "levels": LEVELS_EXAMPLE,
}
SECTOR_EXAMPLE = {
    "code": "recycling",
    "name": "Kierrätys ja kiertotalous",
    "default_tasks": 1,
    "adopted_tasks": 0,
    "in_use": False,
}
LEVEL_EXAMPLE = {
    "id": 1,
    "level": 1,
    "name": "Ohjattu perustehtävä",
    "description": "Yksinkertainen tehtävä valmentajan ohjauksessa.",
}


class CatalogueTaskLevelSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(source="level.level")
    description = serializers.CharField()


class CatalogueTaskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    sector = serializers.IntegerField(source="sector_id")
    sector_code = serializers.CharField(source="sector.code")
    name = serializers.CharField()
    description = serializers.CharField()
    protective_equipment = serializers.CharField()
    required_equipment = serializers.SerializerMethodField()
    needs_transport = serializers.BooleanField()
    ordering_unit = serializers.IntegerField(source="ordering_unit_id", allow_null=True)
    national_default = serializers.CharField(
        help_text="The national default task this one was adopted from; empty for an own task."
    )
    retired_at = serializers.DateTimeField(allow_null=True)
    levels = CatalogueTaskLevelSerializer(many=True)

    def get_required_equipment(self, task: Any) -> list[int]:
        return sorted(item.pk for item in task.required_equipment.all())


class LevelTextSerializer(serializers.Serializer[Any]):
    level = serializers.IntegerField(min_value=1, max_value=100)
    description = serializers.CharField(allow_blank=True, max_length=5000)


class TaskInputSerializer(serializers.Serializer[Any]):
    sector = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    protective_equipment = serializers.CharField(required=False, allow_blank=True, max_length=300)
    required_equipment = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=100,
    )
    needs_transport = serializers.BooleanField(required=False)
    ordering_unit = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, allow_null=True, required=False
    )
    levels = serializers.ListField(child=LevelTextSerializer(), max_length=100)


class TaskUpdateSerializer(TaskInputSerializer):
    sector = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    name = serializers.CharField(max_length=200, required=False)
    levels = serializers.ListField(child=LevelTextSerializer(), max_length=100, required=False)


class NationalSectorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    default_tasks = serializers.IntegerField()
    adopted_tasks = serializers.IntegerField()
    in_use = serializers.BooleanField()


class AdoptSerializer(serializers.Serializer[Any]):
    sectors = serializers.ListField(
        child=serializers.CharField(max_length=60), min_length=1, max_length=50
    )


class DifficultyLevelSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    level = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()


class DifficultyLevelUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


def _references(values: dict[str, Any]) -> dict[str, Any]:
    """Ids to rows for the services; an unknown id is a 400 naming its field."""
    values = dict(values)
    if "sector" in values:
        sector = TaskSector.objects.filter(pk=values["sector"]).first()
        if sector is None:
            raise ValidationError({"sector": [_("Choose a sector of the catalogue.")]})
        values["sector"] = sector
    if "ordering_unit" in values:
        unit_id = values.pop("ordering_unit")
        if unit_id is None:
            values["ordering_unit_clear"] = True
        else:
            unit = WorkUnit.objects.filter(pk=unit_id).first()
            if unit is None:
                raise ValidationError({"ordering_unit": [_("Choose an active work unit.")]})
            values["ordering_unit"] = unit
    if "required_equipment" in values:
        ids = set(values["required_equipment"])
        found = list(EquipmentType.objects.filter(pk__in=ids))
        if len(found) != len(ids):
            raise ValidationError(
                {"required_equipment": [_("Choose protective equipment from the list.")]}
            )
        values["required_equipment"] = found
    if "levels" in values:
        levels: dict[int, str] = {}
        for row in values["levels"]:
            if row["level"] in levels:
                raise ValidationError({"levels": [_("Each level may be given once.")]})
            levels[row["level"]] = row["description"]
        values["levels"] = levels
    return values


class TaskListApi(ListModelMixin, TenantApiView):
    """Every catalogue task, retired ones too; the tenant admin adds an own task."""

    permission_action = "catalogue.view"
    write_permission_action = "catalogue.manage"
    serializer_class = CatalogueTaskSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.work_task_list().prefetch_related("required_equipment")

    @extend_schema(examples=[OpenApiExample("Tasks", value=[TASK_EXAMPLE], response_only=True)])
    def get(self, request: Request) -> Response:
        return self.list(request)

    @extend_schema(
        request=TaskInputSerializer,
        responses={201: CatalogueTaskSerializer},
        examples=[
            OpenApiExample(
                "Own task",
                value={
                    "sector": 2,
                    "name": "Ikkunanpesu",
                    "levels": [
                        {"level": 1, "description": "Sisäpuolelta ohjatusti"},
                        {"level": 2, "description": "Ulkopuolelta ohjatusti"},
                        {"level": 3, "description": "Kohteen ikkunat itsenäisesti"},
                    ],
                },
                request_only=True,
            ),
            OpenApiExample(
                "Created",
                value={**TASK_EXAMPLE, "national_default": ""},
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = TaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _references(dict(data.validated_data))
        values.pop("ordering_unit_clear", None)
        task = services.work_task_create(actor=actor_of(request), **values)
        task = self.base_queryset().get(pk=task.pk)
        return Response(CatalogueTaskSerializer(task).data, status=201)


class TaskDetailApi(ETagMixin, TenantApiView):
    """One task (ETag); adapt it with If-Match (only the fields sent change)."""

    permission_action = "catalogue.view"
    write_permission_action = "catalogue.manage"
    serializer_class = CatalogueTaskSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.work_task_list().prefetch_related("required_equipment")

    @extend_schema(examples=[OpenApiExample("Task", value=TASK_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=TaskUpdateSerializer,
        responses=CatalogueTaskSerializer,
        examples=[
            OpenApiExample(
                "Adapt a level",
                value={"levels": [{"level": 1, "description": "Lapiointi pareittain"}]},
                request_only=True,
            ),
            OpenApiExample("Changed", value=TASK_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = TaskUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = _references(dict(data.validated_data))
        task = self.conditional_write(
            request,
            lambda row: services.work_task_update(actor=actor_of(request), task=row, **values),
        )
        task = self.base_queryset().get(pk=task.pk)
        return self.etag_response(task, CatalogueTaskSerializer(task).data)


class _TaskStateApi(ETagMixin, TenantApiView):
    permission_action = "catalogue.manage"
    serializer_class = CatalogueTaskSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.work_task_list().prefetch_related("required_equipment")

    def change(self, request: Request, service: Any) -> Response:
        task = self.conditional_write(
            request, lambda row: service(actor=actor_of(request), task=row)
        )
        task = self.base_queryset().get(pk=task.pk)
        return self.etag_response(task, CatalogueTaskSerializer(task).data)


class TaskRetireApi(_TaskStateApi):
    """Retire the task (If-Match): not assignable any more; earlier assignments stay."""

    @extend_schema(
        request=None,
        responses=CatalogueTaskSerializer,
        examples=[
            OpenApiExample(
                "Retired",
                value={**TASK_EXAMPLE, "retired_at": "2026-12-03T10:00:00+02:00"},
                response_only=True,
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.change(request, services.work_task_retire)


class TaskRestoreApi(_TaskStateApi):
    """Put a retired task back in use (If-Match)."""

    @extend_schema(
        request=None,
        responses=CatalogueTaskSerializer,
        examples=[OpenApiExample("Restored", value=TASK_EXAMPLE, response_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.change(request, services.work_task_restore)


class NationalSectorApi(TenantApiView):
    """The national default sectors and how much of each the municipality has adopted."""

    permission_action = "catalogue.view"
    pagination_class = None

    @extend_schema(
        responses=NationalSectorSerializer(many=True),
        examples=[OpenApiExample("Sectors", value=[SECTOR_EXAMPLE], response_only=True)],
    )
    def get(self, request: Request) -> Response:
        return Response(NationalSectorSerializer(selectors.national_sectors(), many=True).data)


class NationalSectorAdoptApi(TenantApiView):
    """Add the chosen sectors' default tasks the municipality lacks; again adds nothing."""

    permission_action = "catalogue.manage"

    @extend_schema(
        request=AdoptSerializer,
        responses=CatalogueTaskSerializer(many=True),
        examples=[
            OpenApiExample("Adopt", value={"sectors": ["recycling"]}, request_only=True),
            OpenApiExample(
                "Added",
                value=[{**TASK_EXAMPLE, "name": "Kierrätysmateriaalin lajittelu"}],
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = AdoptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        added = services.catalogue_sectors_adopt(
            actor=actor_of(request), sector_codes=data.validated_data["sectors"]
        )
        rows = selectors.work_task_list().prefetch_related("required_equipment")
        rows = rows.filter(pk__in=[task.pk for task in added])
        return Response(CatalogueTaskSerializer(rows, many=True).data)


class DifficultyLevelListApi(ListModelMixin, TenantApiView):
    """The municipality's difficulty scale."""

    permission_action = "catalogue.view"
    serializer_class = DifficultyLevelSerializer
    pagination_class = None

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.difficulty_level_list()

    @extend_schema(examples=[OpenApiExample("Levels", value=[LEVEL_EXAMPLE], response_only=True)])
    def get(self, request: Request) -> Response:
        return self.list(request)


class DifficultyLevelDetailApi(ETagMixin, TenantApiView):
    """One level (ETag); rename it or reword what it means with If-Match."""

    permission_action = "catalogue.view"
    write_permission_action = "catalogue.manage"
    serializer_class = DifficultyLevelSerializer

    def base_queryset(self) -> QuerySet[Any]:
        return selectors.difficulty_level_list()

    @extend_schema(examples=[OpenApiExample("Level", value=LEVEL_EXAMPLE)])
    def get(self, request: Request, pk: int) -> Response:
        return self.retrieve_with_etag(request)

    @extend_schema(
        request=DifficultyLevelUpdateSerializer,
        responses=DifficultyLevelSerializer,
        examples=[
            OpenApiExample("Rename", value={"name": "Ohjattu tehtävä"}, request_only=True),
            OpenApiExample(
                "Changed", value={**LEVEL_EXAMPLE, "name": "Ohjattu tehtävä"}, response_only=True
            ),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = DifficultyLevelUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        level = self.conditional_write(
            request,
            lambda row: services.difficulty_level_update(
                actor=actor_of(request), level=row, **data.validated_data
            ),
        )
        return self.etag_response(level, DifficultyLevelSerializer(level).data)
