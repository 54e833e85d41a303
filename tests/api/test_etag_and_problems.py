"""ETag/If-Match on updates, and one problem-details shape for every kind of error."""

from __future__ import annotations

from unittest import mock

import pytest
from rest_framework.throttling import BaseThrottle

from api.progress.views import GoalDetailApi

pytestmark = pytest.mark.django_db

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "code"}


@pytest.fixture
def admin(world, tenants, client_for):
    client = client_for(tenants.a, world.staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    return client


@pytest.fixture
def goal(world):
    from coaching import services

    return services.goal_create(actor=world.staff.admin, period=world.own.period, text="Alussa")


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_MEMBERS, body
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:valmo:problem:{code}"
    assert body["title"]
    assert body["instance"].startswith("/")
    return body


def test_two_editors_cannot_overwrite_each_other(admin, goal):
    path = f"/api/v1/goals/{goal.pk}/"
    read = admin.get(path)
    etag = read["ETag"]
    assert etag.startswith('"')
    assert admin.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304

    missing = admin.put(path, {"text": "Ilman"}, content_type="application/json")
    _problem(missing, 428, "precondition_required")

    first = admin.put(
        path, {"text": "Ensimmäinen"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200, first.content
    assert first.json()["text"] == "Ensimmäinen"
    assert first["ETag"] != etag
    assert first["ETag"] == admin.get(path)["ETag"]

    second = admin.put(
        path, {"text": "Toinen"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    _problem(second, 412, "precondition_failed")
    goal.refresh_from_db()
    assert goal.text == "Ensimmäinen"  # the second editor's stale change wrote nothing


def test_period_placement_needs_the_periods_etag(admin, world):
    path = f"/api/v1/periods/{world.own.period.pk}/placement/"
    body = {"work_unit": world.work_unit.pk}
    _problem(admin.put(path, body, content_type="application/json"), 428, "precondition_required")
    _problem(
        admin.put(path, body, content_type="application/json", HTTP_IF_MATCH='"stale"'),
        412,
        "precondition_failed",
    )
    etag = admin.get(f"/api/v1/periods/{world.own.period.pk}/")["ETag"]
    placed = admin.put(path, body, content_type="application/json", HTTP_IF_MATCH=etag)
    assert placed.status_code == 200, placed.content
    assert placed.json()["placement_unit"] == world.work_unit.pk


def test_field_errors_name_field_pointer_code_and_translated_message(admin, world):
    response = admin.post(
        f"/api/v1/periods/{world.own.period.pk}/goals/",
        {"text": "", "review_due_on": "ei päivä"},
        content_type="application/json",
    )
    body = _problem(response, 400, "invalid")
    errors = {error["field"]: error for error in body["errors"]}
    assert set(errors) == {"text", "review_due_on"}
    assert errors["text"]["pointer"] == "#/text"
    assert errors["text"]["code"] == "blank"
    assert errors["review_due_on"]["code"] == "invalid"
    assert "päivämäärän" in errors["review_due_on"]["detail"]  # Finnish, as asked


def test_service_refusals_become_field_errors(admin, world):
    """The service's own rule and message (a review due before the period starts)."""
    response = admin.post(
        f"/api/v1/periods/{world.own.period.pk}/goals/",
        {"text": "Tavoite", "review_due_on": "1990-01-01"},
        content_type="application/json",
    )
    body = _problem(response, 400, "invalid")
    assert [error["field"] for error in body["errors"]] == ["review_due_on"]


def test_nested_errors_point_into_the_document(admin):
    response = admin.post(
        "/api/v1/daily-log/",
        {
            "date": "2026-02-02",
            "entries": [{"trainee": 1, "attendance": "present"}, {"trainee": "x"}],
        },
        content_type="application/json",
    )
    body = _problem(response, 400, "invalid")
    pointers = {error["pointer"] for error in body["errors"]}
    assert "#/entries/1/trainee" in pointers
    assert "#/entries/1/attendance" in pointers


def test_every_other_kind_of_error_has_the_same_shape(admin, world, tenants, client_for, goal):
    period = world.own.period.pk
    _problem(admin.get("/api/v1/no-such-thing/"), 404, "not_found")
    _problem(admin.get("/api/v1/periods/999999/"), 404, "not_found")
    _problem(admin.delete(f"/api/v1/periods/{period}/"), 405, "method_not_allowed")
    _problem(
        admin.post(f"/api/v1/periods/{period}/goals/", "{", content_type="application/json"),
        400,
        "parse_error",
    )
    _problem(
        admin.post(f"/api/v1/periods/{period}/goals/", "<a/>", content_type="application/xml"),
        415,
        "unsupported_media_type",
    )
    _problem(admin.get("/api/v1/periods/", HTTP_ACCEPT="text/csv"), 406, "not_acceptable")
    _problem(admin.get("/api/v1/periods/?ordering=secret"), 400, "invalid")
    _problem(admin.get("/api/v1/referrals/?trainee=abc"), 400, "invalid")
    anonymous = client_for(tenants.a)
    _problem(anonymous.get("/api/v1/periods/"), 403, "not_authenticated")
    supervisor = client_for(tenants.a, world.staff.supervisor)
    _problem(supervisor.get("/api/v1/work-orders/"), 403, "permission_denied")


class _Refuse(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return False

    def wait(self) -> float:
        return 30.0


def test_throttled_requests_are_problems_with_retry_after(admin, goal):
    with mock.patch.object(GoalDetailApi, "throttle_classes", [_Refuse]):
        response = admin.get(f"/api/v1/goals/{goal.pk}/")
    body = _problem(response, 429, "throttled")
    assert body["retry_after"] == 30
    assert response["Retry-After"] == "30"
