from __future__ import annotations

from rest_framework import serializers
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

from api.base import TenantApiView
from coaching import selectors


class SiteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()


class TraineeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class SiteListApi(ListModelMixin, TenantApiView):
    serializer_class = SiteOutputSerializer

    def get_queryset(self):
        return selectors.site_list()

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class SiteDetailApi(RetrieveModelMixin, TenantApiView):
    serializer_class = SiteOutputSerializer

    def get_queryset(self):
        return selectors.site_list()

    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


class TraineeListApi(ListModelMixin, TenantApiView):
    serializer_class = TraineeOutputSerializer

    def get_queryset(self):
        return selectors.trainee_list()

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class TraineeDetailApi(RetrieveModelMixin, TenantApiView):
    serializer_class = TraineeOutputSerializer

    def get_queryset(self):
        return selectors.trainee_list()

    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


class TaskLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(source="level.level")
    description = serializers.CharField()


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    protective_equipment = serializers.CharField()
    needs_transport = serializers.BooleanField()
    levels = TaskLevelSerializer(many=True)


class SectorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    tasks = TaskSerializer(many=True)


class TaskCatalogueApi(ListModelMixin, TenantApiView):
    serializer_class = SectorSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.task_catalogue()

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)
