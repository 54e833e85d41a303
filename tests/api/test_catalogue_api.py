"""The task catalogue through the API: tasks, retire/restore, national sectors, levels."""

from __future__ import annotations

import pytest

from coaching.models import DifficultyLevel, TaskSector, WorkTask, WorkTaskLevel

pytestmark = pytest.mark.django_db

LEVELS = [
    {"level": 1, "description": "Sisäpuolelta ohjatusti"},
    {"level": 2, "description": "Ulkopuolelta ohjatusti"},
    {"level": 3, "description": "Kohteen ikkunat itsenäisesti"},
]
JSON = "application/json"


@pytest.fixture
def admin(world, tenants, client_for):
    client = client_for(tenants.a, world.staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _errors(response) -> dict[str, str]:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["detail"] for error in response.json()["errors"]}


def test_the_admin_creates_adapts_retires_and_restores_a_task(world, admin):
    sector = TaskSector.objects.get(code="cleaning")
    body = {"sector": sector.pk, "name": "Ikkunanpesu", "levels": LEVELS}
    missing = admin.post("/api/v1/tasks/", {**body, "levels": LEVELS[:2]}, JSON)
    assert missing.status_code == 400
    assert _errors(missing) == {"level_3": "Describe what the task means at this level."}
    assert admin.post("/api/v1/tasks/", {**body, "sector": 999999}, JSON).status_code == 400

    created = admin.post("/api/v1/tasks/", body, JSON)
    assert created.status_code == 201, created.content
    task = created.json()
    assert task["national_default"] == ""
    assert [row["level"] for row in task["levels"]] == [1, 2, 3]
    duplicate = admin.post("/api/v1/tasks/", {**body, "name": "IKKUNANPESU"}, JSON)
    assert _errors(duplicate) == {"name": "The sector already has a task with this name."}

    path = f"/api/v1/tasks/{task['id']}/"
    etag = admin.get(path)["ETag"]
    change = {"levels": [{"level": 2, "description": "Ulkoikkunat pareittain"}]}
    assert admin.patch(path, change, JSON).status_code == 428
    changed = admin.patch(path, change, JSON, HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert WorkTaskLevel.objects.get(task_id=task["id"], level__level=2).description == (
        "Ulkoikkunat pareittain"
    )
    assert admin.patch(path, change, JSON, HTTP_IF_MATCH=etag).status_code == 412
    unknown_level = admin.patch(
        path, {"levels": [{"level": 9, "description": "x"}]}, JSON, HTTP_IF_MATCH="*"
    )
    assert _errors(unknown_level) == {"levels": "Not a level of the difficulty scale: 9."}

    retire = f"{path}retire/"
    assert admin.post(retire).status_code == 428
    retired = admin.post(retire, HTTP_IF_MATCH=changed["ETag"])
    assert retired.status_code == 200, retired.content
    assert retired.json()["retired_at"] is not None
    again = admin.post(retire, HTTP_IF_MATCH=retired["ETag"])
    assert _errors(again) == {"task": "The task is already retired."}
    listed = admin.get("/api/v1/tasks/?limit=200").json()["results"]
    assert any(row["id"] == task["id"] and row["retired_at"] for row in listed)

    restored = admin.post(f"{path}restore/", HTTP_IF_MATCH=retired["ETag"])
    assert restored.status_code == 200
    assert WorkTask.objects.get(pk=task["id"]).retired_at is None


def test_national_sectors_are_adopted_once(world, admin):
    sector = TaskSector.objects.get(code="recycling")
    WorkTaskLevel.objects.filter(task__sector=sector).delete()
    for task in WorkTask.objects.filter(sector=sector):
        task.required_equipment.clear()
        task.delete()
    sector.delete()
    rows = {row["code"]: row for row in admin.get("/api/v1/task-sectors/").json()}
    assert rows["recycling"]["in_use"] is False
    assert rows["cleaning"]["adopted_tasks"] == rows["cleaning"]["default_tasks"]

    added = admin.post("/api/v1/task-sectors/adopt/", {"sectors": ["recycling"]}, JSON)
    assert added.status_code == 200, added.content
    assert [row["name"] for row in added.json()] == ["Kierrätysmateriaalin lajittelu"]
    again = admin.post("/api/v1/task-sectors/adopt/", {"sectors": ["recycling"]}, JSON)
    assert again.json() == []
    unknown = admin.post("/api/v1/task-sectors/adopt/", {"sectors": ["nope"]}, JSON)
    assert _errors(unknown) == {"sectors": "Not a national default sector: nope."}


def test_difficulty_levels_are_renamed_with_if_match(world, admin):
    level = DifficultyLevel.objects.get(level=1)
    assert [row["level"] for row in admin.get("/api/v1/difficulty-levels/").json()] == [1, 2, 3]
    path = f"/api/v1/difficulty-levels/{level.pk}/"
    etag = admin.get(path)["ETag"]
    blank = admin.patch(path, {"name": " "}, JSON, HTTP_IF_MATCH=etag)
    assert blank.status_code == 400
    renamed = admin.patch(path, {"name": "Ohjattu tehtävä"}, JSON, HTTP_IF_MATCH=etag)
    assert renamed.status_code == 200, renamed.content
    level.refresh_from_db()
    assert level.name == "Ohjattu tehtävä"


@pytest.mark.parametrize("role", ["work_coach", "career_agent", "unit_supervisor", "trainee"])
def test_other_roles_read_but_do_not_write(world, tenants, client_for, role):
    client = client_for(tenants.a, world.users[role])
    task = WorkTask.objects.get(name="Lumityöt")
    assert client.get("/api/v1/tasks/").status_code == 200
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    refused = client.post(f"/api/v1/tasks/{task.pk}/retire/", HTTP_IF_MATCH="*")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert client.post("/api/v1/task-sectors/adopt/", {"sectors": ["x"]}, JSON).status_code == 403
    task.refresh_from_db()
    assert task.retired_at is None
