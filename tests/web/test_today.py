"""Today: the coach's group on a day, and the whole group's daily log in one submit."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import DailyEntry, DailyEntryTask
from privacy.models import AuditEvent

from .conftest import DAY

pytestmark = pytest.mark.django_db
URL = f"/tanaan/?date={DAY.isoformat()}"


class _FormReader(HTMLParser):
    """What a browser would send for the page's POST form, as prefilled."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.in_post_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post_form = attrs.get("method") == "post" and "logout" not in attrs.get(
                "action", ""
            )
        if not self.in_post_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.strip("\n")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def prefilled(response) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data


@pytest.fixture
def coach_client(tenant_a, staff, client_for):
    client = client_for(tenant_a, staff.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are asserted in English
    return client


def test_the_page_shows_the_group_prefilled_from_the_plan(coach_client, make_group):
    group = make_group(3)

    response = coach_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    for period in group:
        assert str(period.trainee) in page
    data = prefilled(response)
    trainee = group[0].trainee
    assert data[f"t{trainee.pk}-attendance"] == "present"
    assert data[f"t{trainee.pk}-hours"] == "6"  # the status in force: 6 h a day
    assignments = list(group[0].task_assignments.all())
    assert len(assignments) == 2
    for assignment in assignments:
        assert data[f"t{trainee.pk}-task_{assignment.task_id}"] == "on"
        assert data[f"t{trainee.pk}-level_{assignment.task_id}"] == str(assignment.level_id)
    assert "Työkokeilu" in page
    assert "No earlier entries" in page


def test_the_page_logs_a_read_of_each_trainee_shown(coach_client, make_group):
    group = make_group(2)

    response = coach_client.get(URL)

    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert sorted(events.values_list("trainee_id", flat=True)) == sorted(
        period.trainee_id for period in group
    )


def test_queries_do_not_grow_with_the_group(coach_client, make_group):
    make_group(2)
    coach_client.get(URL)  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as small:
        assert coach_client.get(URL).status_code == 200
    make_group(6)
    with CaptureQueriesContext(connection) as large:
        response = coach_client.get(URL)
    assert response.content.decode().count('<fieldset class="trainee-day') == 8
    assert len(large) == len(small)


def test_a_normal_day_is_saved_as_prefilled_in_one_submit(coach_client, make_group, staff):
    group = make_group(4)
    data = prefilled(coach_client.get(URL))
    absent = group[1].trainee
    data[f"t{absent.pk}-attendance"] = "absent_sick"  # the hours and tasks stay prefilled
    data[f"t{group[2].trainee.pk}-note"] = "Oppi käyttämään ajoleikkuria."

    response = coach_client.post(URL, data)

    assert response.status_code == 302
    assert response["Location"] == URL
    entries = {entry.period.trainee_id: entry for entry in DailyEntry.objects.filter(date=DAY)}
    assert len(entries) == 4
    assert entries[absent.pk].attendance == "absent_sick"
    assert entries[absent.pk].hours == 0
    assert entries[group[0].trainee_id].hours == Decimal(6)
    assert entries[group[2].trainee_id].learning_notes == "Oppi käyttämään ajoleikkuria."
    assert {entry.recorded_by for entry in entries.values()} == {staff.coach}
    assert DailyEntryTask.objects.filter(entry__date=DAY).count() == 3 * 2
    assert "The day is saved for 4 trainees." in coach_client.get(URL).content.decode()


def test_a_recorded_day_is_shown_as_recorded_and_can_be_corrected(coach_client, make_group):
    group = make_group(2)
    coach_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    data = prefilled(coach_client.get(URL))
    trainee = group[0].trainee
    task_id = group[0].task_assignments.order_by("pk").first().task_id
    data[f"t{trainee.pk}-hours"] = "5,5"  # Finnish decimal comma
    del data[f"t{trainee.pk}-task_{task_id}"]
    coach_client.post(URL, data)

    again = coach_client.get(URL)
    corrected = prefilled(again)
    assert corrected[f"t{trainee.pk}-hours"] == "5,5"
    assert f"t{trainee.pk}-task_{task_id}" not in corrected
    assert 'class="trainee-day trainee-day--recorded"' in again.content.decode()
    corrected[f"t{trainee.pk}-hours"] = "7"
    assert coach_client.post(URL, corrected).status_code == 302
    assert DailyEntry.objects.filter(date=DAY).count() == 2
    assert DailyEntry.objects.get(period=group[0], date=DAY).hours == Decimal(7)


def test_errors_show_at_each_trainees_field_and_keep_the_others_input(coach_client, make_group):
    group = make_group(3)
    data = prefilled(coach_client.get(URL))
    first, second, third = (period.trainee for period in group)
    data[f"t{first.pk}-hours"] = "12"  # beyond the work trial's 8 h: the service refuses
    data[f"t{second.pk}-hours"] = "2"  # below its 4 h
    data[f"t{third.pk}-note"] = "Hyvä päivä."

    response = coach_client.post(URL, data)

    assert response.status_code == 400
    assert DailyEntry.objects.count() == 0  # nothing half-written
    page = response.content.decode()
    assert page.count("Hours must be between 4.00 and 8.00") == 2
    first_starts, second_starts = (page.index(f'id="trainee-{t.pk}"') for t in (first, second))
    first_block = page[first_starts:second_starts]
    assert "Hours must be between" in first_block
    assert 'aria-invalid="true"' in first_block
    third_block = page[page.index(f'id="trainee-{third.pk}"') :]
    assert "Hours must be between" not in third_block
    kept = prefilled(response)
    assert kept[f"t{first.pk}-hours"] == "12"
    assert kept[f"t{third.pk}-note"] == "Hyvä päivä."
    assert 'href="#trainee-' in page  # the summary links to the rows with errors


def test_a_form_error_names_the_field_and_saves_nothing(coach_client, make_group):
    group = make_group(2)
    data = prefilled(coach_client.get(URL))
    data[f"t{group[0].trainee.pk}-hours"] = "kuusi"
    data[f"t{group[1].trainee.pk}-hours"] = ""

    response = coach_client.post(URL, data)

    assert response.status_code == 400
    assert DailyEntry.objects.count() == 0
    page = response.content.decode()
    assert "Enter a number." in page
    assert "Enter the hours of a present trainee." in page


def test_not_logged_trainees_are_left_out(coach_client, make_group):
    group = make_group(2)
    data = prefilled(coach_client.get(URL))
    data[f"t{group[1].trainee.pk}-attendance"] = ""

    assert coach_client.post(URL, data).status_code == 302
    assert list(DailyEntry.objects.values_list("period", flat=True)) == [group[0].pk]

    for period in group:
        data[f"t{period.trainee.pk}-attendance"] = ""
    response = coach_client.post(URL, data)
    assert response.status_code == 400
    assert "Mark at least one trainee present or absent." in response.content.decode()


def test_a_bad_date_is_a_clear_400(coach_client):
    response = coach_client.get("/tanaan/?date=2026-13-45")
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


def test_a_future_day_shows_the_plan_and_saves_nothing(coach_client, make_group):
    from django.utils import timezone

    make_group(1)
    future = timezone.localdate() + timezone.timedelta(days=3)
    url = f"/tanaan/?date={future.isoformat()}"
    response = coach_client.get(url)
    assert response.status_code == 200
    assert "cannot be recorded in advance" in response.content.decode()
    assert coach_client.post(url, prefilled(response)).status_code == 400
    assert DailyEntry.objects.count() == 0


@pytest.mark.parametrize("role", ["career_agent", "unit_supervisor", "trainee"])
def test_roles_without_a_group_day_are_refused(tenant_a, make_user, client_for, role):
    user = make_user(tenant_a, role=role)
    assert client_for(tenant_a, user).get("/tanaan/").status_code == 403


def test_signed_out_visitors_go_to_sign_in(tenant_a, client_for):
    response = client_for(tenant_a).get("/tanaan/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_htmx_request_gets_only_the_group(coach_client, make_group):
    make_group(1)
    response = coach_client.get(URL, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="group-day">')
    assert "<html" not in page
