"""The API's index, schema and documentation pages (Swagger UI and Redoc from this host)."""

from __future__ import annotations

from csp.decorators import csp_update
from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from drf_spectacular.views import (
    SpectacularJSONAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

# Collections listed in the index: key → URL name in api/urls.py (other areas add theirs).
INDEX_ENDPOINTS: dict[str, str] = {}


class ApiRootView(APIView):
    """``/api/``: the versions this host serves."""

    permission_action = "public.page"
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response({"versions": {"v1": request.build_absolute_uri(reverse("api:v1-root"))}})


class ApiV1RootView(APIView):
    """``/api/v1/``: where the schema, the documentation and the collections are."""

    permission_action = "public.page"
    permission_classes = [AllowAny]

    @extend_schema(
        summary="API index",
        responses={
            200: inline_serializer(
                "ApiIndex",
                {
                    "schema": serializers.URLField(),
                    "docs": serializers.URLField(),
                    "redoc": serializers.URLField(),
                    "endpoints": serializers.DictField(child=serializers.URLField()),
                },
            )
        },
        examples=[
            OpenApiExample(
                "Index",
                value={
                    "schema": "https://joensuu.valmo.fi/api/v1/schema/",
                    "docs": "https://joensuu.valmo.fi/api/v1/docs/",
                    "redoc": "https://joensuu.valmo.fi/api/v1/docs/redoc/",
                    "endpoints": {"trainees": "https://joensuu.valmo.fi/api/v1/trainees/"},
                },
            )
        ],
    )
    def get(self, request: Request) -> Response:
        def url(name: str) -> str:
            return request.build_absolute_uri(reverse(f"api:{name}"))

        return Response(
            {
                "schema": url("schema"),
                "docs": url("docs"),
                "redoc": url("redoc"),
                "endpoints": {key: url(name) for key, name in INDEX_ENDPOINTS.items()},
            }
        )


# The OpenAPI 3.1 document as JSON.
schema_view = SpectacularJSONAPIView.as_view()
swagger_view = SpectacularSwaggerSplitView.as_view(
    url_name="api:schema", template_name="api/swagger_ui.html"
)
# Redoc styles its page through inline <style> elements and runs its search in a blob: worker;
# scripts still come only from this host.
redoc_view = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
    SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")
)
