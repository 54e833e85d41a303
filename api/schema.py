"""OpenAPI 3.1 generation: the problem-details responses and examples every operation shares."""

from __future__ import annotations

import functools
import inspect
import re
from collections import Counter
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_EXAMPLE = {
    "type": "urn:valmo:problem:invalid",
    "title": "The request is not valid.",
    "status": 400,
    "detail": "to_phase: Select a valid phase.",
    "instance": "/api/v1/periods/12/transition/",
    "code": "invalid",
    "errors": [
        {
            "field": "to_phase",
            "pointer": "#/to_phase",
            "code": "invalid_choice",
            "detail": "Select a valid phase.",
        }
    ],
}
NOT_FOUND_EXAMPLE = {
    "type": "urn:valmo:problem:not_found",
    "title": "Not found.",
    "status": 404,
    "detail": "No such object.",
    "instance": "/api/v1/trainees/999/",
    "code": "not_found",
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details: the one error shape of this API.",
    "required": ["type", "title", "status", "detail", "instance", "code"],
    "properties": {
        "type": {"type": "string", "description": "A URN naming the kind of problem."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string", "description": "Machine-readable code."},
        "retry_after": {"type": "integer"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "pointer", "code", "detail"],
                "properties": {
                    "field": {"type": "string"},
                    "pointer": {"type": "string", "description": "JSON pointer into the body."},
                    "code": {"type": "string"},
                    "detail": {"type": "string", "description": "Translated message."},
                },
            },
        },
    },
}


def _problem_response(description: str, example: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {
                "schema": PROBLEM_REF,
                "examples": {"Problem": {"value": example}},
            }
        },
    }


IF_MATCH_PARAMETER: dict[str, Any] = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": (
        "The ETag of the object as last read (or `*`). Without it the answer is 428; when "
        "someone else changed the object meanwhile, 412 and nothing is written."
    ),
    "schema": {"type": "string"},
    "examples": {"ETag": {"value": '"3f2a9c0d1e7b4a55"'}},
}


def _source(function: Any) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


@functools.cache
def _checks_if_match(view_class: Any, name: str) -> bool:
    """The handler, or a method of its view it calls, writes through ``conditional_write``."""
    source = _source(getattr(view_class, name, None))
    if "conditional_write(" in source:
        return True
    called = set(re.findall(r"self\.(\w+)\(", source)) - {name, "conditional_write"}
    return any(
        "conditional_write(" in _source(getattr(view_class, other, None)) for other in called
    )


def _writes_conditionally(view: Any, method: str) -> bool:
    """Whether this operation requires If-Match: its handler writes through
    ``ETagMixin.conditional_write``, which answers 428 without the header and 412 when the
    object changed since it was read."""
    view_class: Any = type(view)
    return _checks_if_match(view_class, method.lower())


class ValmoAutoSchema(AutoSchema):
    """Adds the problem responses (400, 401/403, 404 and any other refusal) to each operation."""

    def _get_paginator(self) -> Any:
        # Only reads page; a write that answers several rows (the daily log) answers a list.
        return super()._get_paginator() if self.method == "GET" else None  # type: ignore[no-untyped-call]

    def _get_filter_parameters(self) -> Any:
        return super()._get_filter_parameters() if self.method == "GET" else []  # type: ignore[no-untyped-call]

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        if _writes_conditionally(self.view, self.method):
            operation.setdefault("parameters", []).append(IF_MATCH_PARAMETER)
        responses = operation.setdefault("responses", {})
        responses.setdefault("400", _problem_response("Invalid input.", PROBLEM_EXAMPLE))
        responses.setdefault(
            "403",
            _problem_response(
                "Not signed in, or no permission.",
                {
                    **NOT_FOUND_EXAMPLE,
                    "status": 403,
                    "code": "not_authenticated",
                    "type": "urn:valmo:problem:not_authenticated",
                    "title": "You do not have permission to do this.",
                    "detail": "Authentication credentials were not provided.",
                },
            ),
        )
        responses.setdefault("404", _problem_response("Not found.", NOT_FOUND_EXAMPLE))
        responses.setdefault(
            "default",
            _problem_response(
                "Any other refusal (405, 406, 409, 412, 413, 415, 428, 429).",
                {
                    **NOT_FOUND_EXAMPLE,
                    "status": 405,
                    "code": "method_not_allowed",
                    "type": "urn:valmo:problem:method_not_allowed",
                    "title": "The method is not allowed here.",
                    "detail": 'Method "DELETE" not allowed.',
                },
            ),
        )
        return operation


def only_api_v1(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """Preprocessing hook: the schema describes /api/v1/ and nothing else on the host."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_problem_component(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the shared Problem schema the error responses refer to."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    return result


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The schema's security scheme for integrations' API keys (docs/api-keys-webhooks.md).

    Registered by being defined: this module is imported with the schema class.
    """

    target_class = "accounts.api_keys.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "valmo_<prefix>_<secret>",
            "description": (
                "A municipality's API key, created by its tenant admin; acts with the key's role."
            ),
        }


_ID_PATH = re.compile(r"^/api/v1/(?P<family>[\w-]+)/\{id\}/")


def _answer_component(operation: dict[str, Any], code: str) -> str | None:
    """The component a JSON answer of ``operation`` with status ``code`` refers to."""
    content = operation.get("responses", {}).get(code, {}).get("content", {})
    reference = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    return reference.rsplit("/", 1)[-1] or None


def _families(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, str]:
    """Each id-addressed family (``/reports/{id}/…``) and the resource it answers most often.

    Child lists (paginated) do not count: ``/periods/{id}/goals/`` answers goals, not periods.
    A family that answers no JSON (``/report-versions/{id}/pdf/``) is named by its last word
    (``Version``).
    """
    counts: dict[str, Counter[str]] = {}
    for path, operations in paths.items():
        match = _ID_PATH.match(path)
        if match is None:
            continue
        answered = counts.setdefault(match["family"], Counter())
        for operation in operations.values():
            for code in ("200", "201"):
                name = _answer_component(operation, code)
                if name and not name.startswith("Paginated"):
                    answered[name] += 1
    resources: dict[str, str] = {}
    for family, names in counts.items():
        if names:
            resources[family] = names.most_common(1)[0][0]
        elif (word := family.rsplit("-", 1)[-1].removesuffix("s").capitalize()) in schemas:
            resources[family] = word
    return resources


def _is_resource(name: str, resource: str, schemas: dict[str, Any]) -> bool:
    """``name`` is ``resource``, or extends it (``DeliverySent`` adds the code to ``Delivery``)."""
    if name == resource:
        return True
    own = set(schemas.get(name, {}).get("properties", {}))
    base = set(schemas.get(resource, {}).get("properties", {}))
    return name.startswith(resource) and bool(base) and base <= own


def add_links(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: OpenAPI links from each operation that creates (or starts) a
    resource to the operations addressed by that resource's id (``$response.body#/id``).

    drf-spectacular emits no links; these tell clients (and schemathesis's stateful tests)
    that ``POST /periods/{id}/goals/`` answers a goal whose ``id`` fills ``/goals/{id}/…``.
    Families and resources are read from the schema itself, so a new endpoint is linked too.
    """
    paths: dict[str, Any] = result.get("paths", {})
    schemas: dict[str, Any] = result.get("components", {}).get("schemas", {})
    families = _families(paths, schemas)
    targets: dict[str, list[str]] = {}
    for path, operations in paths.items():
        match = _ID_PATH.match(path)
        if match is None or match["family"] not in families:
            continue
        for method, operation in operations.items():
            if method in ("get", "put", "patch", "post", "delete") and "operationId" in operation:
                targets.setdefault(families[match["family"]], []).append(operation["operationId"])
    for operations in paths.values():
        operation = operations.get("post")
        if operation is None:
            continue
        for code in ("201", "200"):
            name = _answer_component(operation, code)
            if name is None or "id" not in schemas.get(name, {}).get("properties", {}):
                continue
            linked = sorted(
                {
                    operation_id
                    for resource, operation_ids in targets.items()
                    if _is_resource(name, resource, schemas)
                    for operation_id in operation_ids
                }
            )
            if linked:
                operation["responses"][code]["links"] = {
                    operation_id: {
                        "operationId": operation_id,
                        "parameters": {"id": "$response.body#/id"},
                        "description": f"The {name}'s id in {operation_id}.",
                    }
                    for operation_id in linked
                }
    return result
