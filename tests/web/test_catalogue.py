"""The task catalogue's setup screens: adopt, add, adapt, retire/restore, levels; roles; 400s."""

from __future__ import annotations

import pytest
from django.utils import translation

from coaching.models import DifficultyLevel, TaskSector, WorkTask, WorkTaskLevel
from onboarding.selectors import setup_checklist_get

pytestmark = pytest.mark.django_db

URL = "/asetukset/tehtavat/"


@pytest.fixture
def admin_client(tenant_a, staff, client_for):
    client = client_for(tenant_a, staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _task_data(sector: TaskSector, **extra) -> dict:
    data = {
        "sector": str(sector.pk),
        "name": "Ikkunanpesu",
        "description": "Ikkunat ja lasipinnat",
        "protective_equipment": "Suojakäsineet",
        "level_1": "Sisäpuolelta ohjatusti",
        "level_2": "Ulkopuolelta ohjatusti",
        "level_3": "Kohteen ikkunat itsenäisesti",
    }
    data.update(extra)
    return data


def _drop_sector(code: str) -> None:
    sector = TaskSector.objects.get(code=code)
    WorkTaskLevel.objects.filter(task__sector=sector).delete()
    for task in WorkTask.objects.filter(sector=sector):
        task.required_equipment.clear()
        task.delete()
    sector.delete()


def test_the_checklist_links_the_catalogue_screen(admin_client, tenant_a):
    step = next(step for step in setup_checklist_get().steps if step.key == "tasks")
    assert step.url_name == "catalogue_manage"
    assert step.done
    assert f'href="{URL}"' in admin_client.get("/kayttoonotto/").content.decode()


def test_the_admin_adopts_a_sector_once(admin_client, tenant_a):
    _drop_sector("recycling")
    page = admin_client.get(URL).content.decode()
    assert 'value="recycling"' in page
    assert 'value="cleaning"' not in page  # complete sectors are not offered

    response = admin_client.post(URL, {"sectors": ["recycling"]})

    assert response.status_code == 302
    assert WorkTask.objects.filter(sector__code="recycling").count() == 1
    page = admin_client.get(URL).content.decode()
    assert "1 tasks added from the national defaults." in page
    assert "Every national default task is in your catalogue." in page


def test_adopting_without_a_choice_or_an_unknown_sector_is_a_400(admin_client, tenant_a):
    _drop_sector("recycling")
    assert admin_client.post(URL, {}).status_code == 400
    response = admin_client.post(URL, {"sectors": ["rocket_science"]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not TaskSector.objects.filter(code="recycling").exists()


def test_the_admin_adds_an_own_task_and_a_missing_level_is_a_400(admin_client, tenant_a):
    sector = TaskSector.objects.get(code="cleaning")
    response = admin_client.post(f"{URL}uusi/", _task_data(sector, level_2=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Describe what the task means at this level." in body
    assert 'id="id_level_2-error"' in body
    assert not WorkTask.objects.filter(name="Ikkunanpesu").exists()

    response = admin_client.post(f"{URL}uusi/", _task_data(sector, needs_transport="on"))
    task = WorkTask.objects.get(name="Ikkunanpesu")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{task.pk}/"
    assert task.needs_transport
    assert task.levels.count() == DifficultyLevel.objects.count()


def test_a_duplicate_name_is_a_translated_400_at_the_name(admin_client, tenant_a):
    sector = TaskSector.objects.get(code="property_care")
    response = admin_client.post(f"{URL}uusi/", _task_data(sector, name="lumityöt"))
    assert response.status_code == 400
    assert "The sector already has a task with this name." in response.content.decode()
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    response = admin_client.post(f"{URL}uusi/", _task_data(sector, name="lumityöt"))
    assert response.status_code == 400
    with translation.override("fi"):
        assert translation.gettext("The sector already has a task with this name.") in (
            response.content.decode()
        )
    assert "The sector already has" not in response.content.decode()


def test_the_admin_adapts_a_level_text_and_retires_and_restores(admin_client, tenant_a):
    task = WorkTask.objects.get(name="Lumityöt")
    page = admin_client.get(f"{URL}{task.pk}/").content.decode()
    assert "Kulkuväylien lapiointi" in page

    data = _task_data(task.sector, name="Lumityöt", level_1="Lapiointi pareittain")
    response = admin_client.post(f"{URL}{task.pk}/", data)
    assert response.status_code == 302
    assert task.levels.get(level__level=1).description == "Lapiointi pareittain"

    blank = admin_client.post(f"{URL}{task.pk}/", {**data, "name": " "})
    assert blank.status_code == 400
    assert WorkTask.objects.get(pk=task.pk).name == "Lumityöt"

    assert admin_client.post(f"{URL}{task.pk}/poista-kaytosta/").status_code == 302
    task.refresh_from_db()
    assert task.retired_at is not None
    assert "Retired" in admin_client.get(URL).content.decode()
    again = admin_client.post(f"{URL}{task.pk}/poista-kaytosta/")
    assert again.status_code == 400
    assert "The task is already retired." in again.content.decode()
    assert admin_client.get(f"{URL}{task.pk}/poista-kaytosta/").status_code == 405

    assert admin_client.post(f"{URL}{task.pk}/palauta/").status_code == 302
    task.refresh_from_db()
    assert task.retired_at is None


def test_unknown_ids_and_bad_input_are_4xx(admin_client, tenant_a):
    assert admin_client.get(f"{URL}999999/").status_code == 404
    assert admin_client.post(f"{URL}999999/palauta/").status_code == 404
    sector = TaskSector.objects.get(code="cleaning")
    response = admin_client.post(
        f"{URL}uusi/", {**_task_data(sector), "sector": "abc", "ordering_unit": "x"}
    )
    assert response.status_code == 400
    assert admin_client.post(f"{URL}tasot/", {"level": "nope"}).status_code == 400


def test_the_admin_renames_a_difficulty_level(admin_client, tenant_a):
    level = DifficultyLevel.objects.get(level=2)
    prefix = f"level{level.pk}"
    bad = admin_client.post(
        f"{URL}tasot/", {"level": level.pk, f"{prefix}-name": " ", f"{prefix}-description": ""}
    )
    assert bad.status_code == 400
    response = admin_client.post(
        f"{URL}tasot/",
        {"level": level.pk, f"{prefix}-name": "Vaativampi", f"{prefix}-description": "Ohjattuna"},
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.name == "Vaativampi"


@pytest.mark.parametrize("role", ["coach", "agent", "supervisor"])
def test_other_roles_get_a_403(tenant_a, staff, client_for, role):
    client = client_for(tenant_a, getattr(staff, role))
    task = WorkTask.objects.get(name="Lumityöt")
    for path in (URL, f"{URL}uusi/", f"{URL}tasot/", f"{URL}{task.pk}/"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"{URL}{task.pk}/poista-kaytosta/").status_code == 403
    task.refresh_from_db()
    assert task.retired_at is None
