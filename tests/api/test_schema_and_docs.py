"""The API's index, OpenAPI 3.1 schema and documentation pages (served from this host)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous(tenants):
    return Client(HTTP_HOST=tenants.a.get_primary_domain().domain)


def test_api_roots_answer_an_index(anonymous):
    root = anonymous.get("/api/")
    assert root.status_code == 200
    assert root.json()["versions"]["v1"].endswith("/api/v1/")
    index = anonymous.get("/api/v1/").json()
    assert index["schema"].endswith("/api/v1/schema/")
    assert index["docs"].endswith("/api/v1/docs/")
    assert index["endpoints"]["trainees"].endswith("/api/v1/trainees/")


def test_schema_is_openapi_31_with_problem_responses_and_examples(anonymous):
    response = anonymous.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert "Problem" in schema["components"]["schemas"]
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) >= 15
    for path, method, operation in operations:
        assert path.startswith("/api/v1/")
        responses = operation["responses"]
        for code in ("400", "403", "404", "default"):
            content = responses[code]["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
        examples = [
            example
            for response in responses.values()
            for media in response.get("content", {}).values()
            for example in media.get("examples", {}).values()
        ]
        assert examples, (path, method)


def test_docs_pages_load_their_assets_from_this_host(anonymous):
    for path in ("/api/v1/docs/", "/api/v1/docs/redoc/"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "<style" not in html, path
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources, path
        for source in sources:
            assert source.startswith("/"), (path, source)  # no CDN, no other host
        # Inline script is never needed: the CSP allows scripts from this host only.
        assert not re.search(r"<script>\s*\S", html), path
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
    swagger = anonymous.get("/api/v1/docs/?script=")
    assert swagger.status_code == 200
    assert "/api/v1/schema/" in swagger.content.decode()


def test_creates_link_to_the_operations_on_the_created_id(anonymous):
    """``api.schema.add_links``: the answer's ``id`` fills the linked operation's path."""
    paths = anonymous.get("/api/v1/schema/").json()["paths"]

    def links(path: str, code: str = "201") -> dict:
        return paths[path]["post"]["responses"][code]["links"]

    goal = links("/api/v1/periods/{id}/goals/")
    assert set(goal) == {"goals_retrieve", "goals_update", "goals_reviews_create"}
    assert goal["goals_retrieve"]["parameters"] == {"id": "$response.body#/id"}
    assert "reports_acknowledge_create" in links("/api/v1/periods/{id}/interim-reports/")
    assert "reports_retrieve" in links("/api/v1/periods/{id}/final-summary/", "200")
    # A subclass of the resource (the delivery with its one-time code) links like it.
    assert set(links("/api/v1/reports/{id}/deliveries/")) == {"deliveries_revoke_create"}
    assert set(links("/api/v1/reports/{id}/finalise/")) == {"report_versions_pdf_retrieve"}
    # A period's child collection does not make its creates link to the period.
    assert "periods_retrieve" not in goal
    operation_ids = {
        operation["operationId"]
        for item in paths.values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for item in paths.values():
        for operation in item.values():
            for answer in (
                operation.get("responses", {}).values() if isinstance(operation, dict) else []
            ):
                for link in answer.get("links", {}).values():
                    assert link["operationId"] in operation_ids


def test_writes_that_need_if_match_declare_it(anonymous):
    """Every write through ``conditional_write`` (428 without the header) declares If-Match;
    reads and creates do not."""
    schema = anonymous.get("/api/v1/schema/").json()
    declared = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict)
        and any(p.get("name") == "If-Match" for p in operation.get("parameters", []))
    }
    assert {
        ("PATCH", "/api/v1/tasks/{id}/"),
        ("POST", "/api/v1/tasks/{id}/retire/"),  # through a helper method of the view
        ("PUT", "/api/v1/periods/{id}/placement/"),
        ("POST", "/api/v1/reports/{id}/acknowledge/"),
        ("PUT", "/api/v1/periods/{id}/interim-schedule/"),
    } <= declared
    assert all(method != "GET" for method, _path in declared)
    assert ("POST", "/api/v1/tasks/") not in declared
    for method, path in declared:
        parameter = next(
            p
            for p in schema["paths"][path][method.lower()]["parameters"]
            if p["name"] == "If-Match"
        )
        assert parameter["in"] == "header"
        assert parameter["required"] is True
