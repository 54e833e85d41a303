"""A coach logs a normal day for a group of ten on a phone: few taps, one request, accessible."""

from __future__ import annotations

import pytest
from django.db import connection

from .conftest import (
    assert_accessible,
    build_group,
    horizontal_overflow,
    sign_in,
    small_tap_targets,
)

# What the server process shows must be committed: the groups are built in module fixtures,
# before each test's transaction begins (the test reads them under READ COMMITTED).
pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


class Interactions:
    """The user's own actions on the page (clicks, typing, choices), counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, selector: str) -> None:
        self.count += 1
        self.page.click(selector)

    def fill(self, selector: str, value: str) -> None:
        self.count += 1
        self.page.fill(selector, value)


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return build_group(web_tenant, size=10, label="journey")


@pytest.fixture(scope="module")
def small_group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return build_group(web_tenant, size=3, label="errors")


@pytest.fixture(scope="module")
def pair(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return build_group(web_tenant, size=2, label="keyboard")


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _entries(tenant, django_db_blocker, period_ids):
    from django.utils import timezone

    from coaching.models import DailyEntry

    with django_db_blocker.unblock():
        connection.set_tenant(tenant)
        try:
            return {
                entry.period_id: entry
                for entry in DailyEntry.objects.filter(
                    period_id__in=period_ids, date=timezone.localdate()
                ).prefetch_related("tasks_done")
            }
        finally:
            connection.set_schema_to_public()


def test_a_coach_logs_a_normal_day_for_ten_on_a_phone(
    new_page, base, group, web_tenant, django_db_blocker
):
    page = new_page()
    sign_in(page, base, group.coach_email)
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    act = Interactions(page)

    act.click("nav >> text=Tänään")
    page.wait_for_url(f"{base}/tanaan/")
    for name in group.trainee_names:
        assert page.locator("fieldset.trainee-day > legend", has_text=name).count() == 1
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert_accessible(page)

    # A normal day: everyone present as planned, except one off sick; one short note.
    sick = page.locator("fieldset.trainee-day").nth(3)
    sick_name = sick.locator(":scope > legend").inner_text()
    act.click(f"#{sick.get_attribute('id')} label:text-is('Sairas')")
    assert sick.locator(".trainee-day__work").is_hidden()  # no hours or tasks when absent
    noted = page.locator("fieldset.trainee-day").nth(0)
    act.click(f"#{noted.get_attribute('id')} summary")
    act.fill(f"#{noted.get_attribute('id')} textarea >> nth=0", "Harjoitteli trimmerin käyttöä.")
    with page.expect_navigation():
        act.click("button:text-matches('Tallenna päivä')")

    assert act.count <= 25
    assert len(posts) == 1
    assert "/tanaan/" in posts[0]
    assert page.locator(".hds-notification--success").is_visible()
    assert page.locator("fieldset.trainee-day--recorded").count() == 10

    entries = _entries(web_tenant, django_db_blocker, group.period_ids)
    assert len(entries) == 10
    by_name = {group.trainee_names[group.period_ids.index(pid)]: e for pid, e in entries.items()}
    assert by_name[sick_name].attendance == "absent_sick"
    assert by_name[sick_name].hours == 0
    present = [e for name, e in by_name.items() if name != sick_name]
    assert {e.attendance for e in present} == {"present"}
    assert {float(e.hours) for e in present} == {6.0}
    assert all(len(e.tasks_done.all()) == 2 for e in present)
    assert "Harjoitteli trimmerin käyttöä." in {e.learning_notes for e in present}

    assert horizontal_overflow(page) <= 0
    assert_accessible(page)
    assert [m for m in page.console_errors if "Content Security Policy" in m] == []


def test_an_error_is_shown_at_the_trainee_and_the_rest_is_kept(
    new_page, base, small_group, web_tenant, django_db_blocker
):
    group = small_group
    page = new_page()
    sign_in(page, base, group.coach_email)
    page.goto(f"{base}/tanaan/")
    rows = page.locator("fieldset.trainee-day")
    first, last = rows.nth(0).get_attribute("id"), rows.nth(2).get_attribute("id")
    page.fill(f"#{first} input[inputmode=decimal]", "12")
    page.click(f"#{last} summary")
    page.fill(f"#{last} textarea >> nth=0", "Hyvä päivä.")
    with page.expect_navigation():
        page.click("button:text-matches('Tallenna päivä')")

    assert page.locator(f"#{first} .field-error").is_visible()
    assert page.locator(f"#{first} input[inputmode=decimal]").input_value() == "12"
    assert page.locator(f"#{last} textarea >> nth=0").input_value() == "Hyvä päivä."
    assert page.locator(f"#{last} .field-error").count() == 0
    assert page.locator(".error-summary").is_visible()
    assert _entries(web_tenant, django_db_blocker, group.period_ids) == {}
    assert_accessible(page)


def test_the_today_page_works_with_the_keyboard_alone(
    new_page, base, pair, web_tenant, django_db_blocker
):
    """Tab to the first trainee's attendance, choose 'agreed absence' by arrow keys, save."""
    group = pair
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base, group.coach_email)
    page.goto(f"{base}/tanaan/")
    first = page.locator("fieldset.trainee-day").nth(0)
    checked = first.locator("input[type=radio]:checked")
    for _ in range(60):
        page.keyboard.press("Tab")
        if checked.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the attendance of the first trainee is not reachable with Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # present -> sick -> agreed absence
    assert first.locator("input[type=radio]:checked").get_attribute("value") == "absent_agreed"
    page.focus("button:text-matches('Tallenna päivä')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    entries = _entries(web_tenant, django_db_blocker, group.period_ids)
    assert sorted(e.attendance for e in entries.values()) == ["absent_agreed", "present"]
