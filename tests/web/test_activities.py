"""The coaching activity screens: the list by date, new and edited activities, attendance."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.models import Activity, ActivityParticipant, ActivityType
from coaching.services.activities import (
    ParticipantInput,
    activity_attendance_record,
    activity_create,
)
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def make_activity(staff):
    def make(starts_at=None, title="Työnhakupaja"):
        return activity_create(
            actor=staff.coach,
            activity_type=ActivityType.objects.get(code="job_search_session"),
            title=title,
            starts_at=starts_at or _at(DAY),
            place="Kokoushuone Kaisla",
        )

    return make


def _list_url(start=DAY, end=DAY):
    return f"/ryhmatoiminnot/?start={start.isoformat()}&end={end.isoformat()}"


def test_the_list_shows_activities_of_the_dates(tenant_a, staff, make_activity, client_for):
    make_activity(title="Työnhakupaja")
    make_activity(starts_at=_at(DAY + timedelta(days=40)), title="Turvallisuuskoulutus")
    client = _client(client_for, tenant_a, staff.coach)
    page = client.get(_list_url()).content.decode()
    assert "Työnhakupaja" in page
    assert "Turvallisuuskoulutus" not in page
    default = client.get("/ryhmatoiminnot/")
    assert default.status_code == 200  # a month back and two ahead of today


def test_only_mine_keeps_the_activities_of_my_trainees(
    tenant_a, staff, make_activity, make_period, client_for
):
    mine, other = make_activity(title="Oma paja"), make_activity(title="Muiden paja")
    activity_attendance_record(
        actor=staff.coach, activity=mine, participants=[ParticipantInput(make_period().pk)]
    )
    activity_attendance_record(
        actor=staff.coach2,
        activity=other,
        participants=[ParticipantInput(make_period(coach=staff.coach2).pk)],
    )
    client = _client(client_for, tenant_a, staff.coach)
    page = client.get(_list_url() + "&mine=on").content.decode()
    assert "Oma paja" in page
    assert "Muiden paja" not in page


def test_bad_dates_are_a_400_at_the_field(tenant_a, staff, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    backwards = client.get(_list_url(start=DAY, end=DAY - timedelta(days=1)))
    assert backwards.status_code == 400
    assert backwards.context["form"].errors["end"]
    assert client.get("/ryhmatoiminnot/?start=x").status_code == 400
    too_long = client.get(_list_url(end=DAY + timedelta(days=800)))
    assert too_long.status_code == 400


def test_the_list_costs_the_same_queries_for_5_and_50(tenant_a, staff, make_activity, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    url = _list_url()
    for index in range(5):
        make_activity(title=f"Paja {index}")
    client.get(url)  # warm the session and the settings cache
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    for index in range(45):
        make_activity(title=f"Paja {index + 5}")
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert len(response.context["activities"]) == 50
    assert len(fifty) == len(five)


def test_a_coach_creates_an_activity_then_sees_the_attendance_page(tenant_a, staff, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get("/ryhmatoiminnot/uusi/").status_code == 200
    kind = ActivityType.objects.get(code="info_session")
    response = client.post(
        "/ryhmatoiminnot/uusi/",
        {
            "activity_type": kind.pk,
            "title": "Turvallisuuskoulutus",
            "date": "2026-03-12",
            "starts_at": "09:00",
            "ends_at": "11:30",
            "place": "Sali",
        },
    )
    activity = Activity.objects.get(title="Turvallisuuskoulutus")
    assert response.status_code == 302
    assert response["Location"] == f"/ryhmatoiminnot/{activity.pk}/"
    assert timezone.localtime(activity.starts_at).hour == 9
    assert timezone.localtime(activity.ends_at).minute == 30


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"ends_at": "08:00"}, "ends_at"),
        ({"date": "31.2.2026"}, "date"),
        ({"activity_type": "x"}, "activity_type"),
    ],
)
def test_a_bad_activity_is_a_400_at_its_field(tenant_a, staff, client_for, changes, field):
    kind = ActivityType.objects.get(code="info_session")
    data = {
        "activity_type": kind.pk,
        "title": "Paja",
        "date": "2026-03-12",
        "starts_at": "09:00",
        "ends_at": "",
        **changes,
    }
    response = _client(client_for, tenant_a, staff.coach).post("/ryhmatoiminnot/uusi/", data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Activity.objects.exists()


def test_editing_an_activity(tenant_a, staff, make_activity, client_for):
    activity = make_activity()
    client = _client(client_for, tenant_a, staff.agent)
    form = client.get(f"/ryhmatoiminnot/{activity.pk}/muokkaa/")
    assert form.context["form"]["title"].value() == "Työnhakupaja"
    response = client.post(
        f"/ryhmatoiminnot/{activity.pk}/muokkaa/",
        {
            "activity_type": activity.type_id,
            "title": "Työnhakupaja 2",
            "date": "2026-03-11",
            "starts_at": "12:00",
            "ends_at": "",
            "place": "Kirjasto",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.place) == ("Työnhakupaja 2", "Kirjasto")
    assert timezone.localdate(activity.starts_at) == date(2026, 3, 11)


def test_the_group_is_prefilled_present_and_saved_in_one_submit(
    tenant_a, staff, make_activity, make_group, make_period, client_for
):
    group = make_group(3)
    others = make_period(coach=staff.coach2)
    activity = make_activity()
    client = _client(client_for, tenant_a, staff.coach)
    response = client.get(f"/ryhmatoiminnot/{activity.pk}/")
    assert response.status_code == 200
    forms = list(response.context["form"])
    assert {form.member.period.pk for form in forms} == {p.pk for p in group}
    assert {form["attendance"].value() for form in forms} == {"attended"}
    assert str(others.trainee) not in response.content.decode()  # another coach's trainee
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {p.trainee_id for p in group}

    data = {f"p{p.pk}-attendance": "attended" for p in group}
    data[f"p{group[1].pk}-attendance"] = "absent_excused"
    data[f"p{group[1].pk}-note"] = "Lääkäri"
    data[f"p{group[2].pk}-attendance"] = ""  # not taking part
    saved = client.post(f"/ryhmatoiminnot/{activity.pk}/", data)
    assert saved.status_code == 302
    assert sorted(
        ActivityParticipant.objects.filter(activity=activity).values_list(
            "period", "attendance", "note"
        )
    ) == sorted([(group[0].pk, "attended", ""), (group[1].pk, "absent_excused", "Lääkäri")])

    again = client.get(f"/ryhmatoiminnot/{activity.pk}/")
    by_period = {form.member.period.pk: form for form in again.context["form"]}
    assert by_period[group[1].pk]["attendance"].value() == "absent_excused"
    assert by_period[group[2].pk]["attendance"].value() == ""  # left out stays out
    # A recorded participant cannot be taken out: the choice is not offered.
    choices = [value for value, _ in by_period[group[0].pk].fields["attendance"].choices]
    assert "" not in choices


def test_before_the_start_only_registration_is_offered(
    tenant_a, staff, make_activity, make_group, client_for
):
    group = make_group(2)
    activity = make_activity(starts_at=timezone.now() + timedelta(days=3))
    client = _client(client_for, tenant_a, staff.coach)
    response = client.get(f"/ryhmatoiminnot/{activity.pk}/")
    forms = list(response.context["form"])
    assert {form["attendance"].value() for form in forms} == {"registered"}
    refused = client.post(
        f"/ryhmatoiminnot/{activity.pk}/", {f"p{p.pk}-attendance": "attended" for p in group}
    )
    assert refused.status_code == 400
    assert not ActivityParticipant.objects.exists()


def test_per_trainee_errors_are_at_the_field_and_input_is_kept(
    tenant_a, staff, make_activity, make_group, client_for
):
    group = make_group(3)
    activity = make_activity()
    client = _client(client_for, tenant_a, staff.coach)
    data = {f"p{p.pk}-attendance": "attended" for p in group}
    data[f"p{group[0].pk}-note"] = "Myöhässä"
    data[f"p{group[1].pk}-attendance"] = "late"  # not a choice
    data[f"p{group[2].pk}-note"] = "x" * 400  # too long
    response = client.post(f"/ryhmatoiminnot/{activity.pk}/", data)
    assert response.status_code == 400
    by_period = {form.member.period.pk: form for form in response.context["form"]}
    assert by_period[group[1].pk].errors["attendance"]
    assert by_period[group[2].pk].errors["note"]
    assert not by_period[group[0].pk].errors
    assert by_period[group[0].pk]["note"].value() == "Myöhässä"
    assert "Check the marked trainees" in response.content.decode()
    assert not ActivityParticipant.objects.exists()


def test_the_services_refusal_is_shown_at_each_trainees_row(
    tenant_a, staff, make_activity, make_group, client_for
):
    """A period ended before the activity (here: after the page was opened) is refused at its
    row while the others' input is kept."""
    from coaching import services

    group = make_group(2)
    activity = make_activity(starts_at=_at(date(2026, 3, 25)))
    client = _client(client_for, tenant_a, staff.coach)
    data = {f"p{p.pk}-attendance": "attended" for p in group}
    data[f"p{group[0].pk}-note"] = "Mukana"
    services.coaching_period_end(
        actor=staff.admin,
        period=group[1],
        outcome="education",
        at=_at(date(2026, 3, 20)),
    )
    # The page no longer offers the ended period, so post through a form that still does.
    from coaching.activity_selectors import ActivityGroup, GroupMember
    from web.activity_forms import AttendanceForm

    stale = ActivityGroup(
        activity=activity,
        day=date(2026, 3, 25),
        members=[GroupMember(period=p, participant=None, own=True) for p in group],
    )
    form = AttendanceForm(stale, data=data)
    assert form.is_valid()
    with pytest.raises(ValidationError) as refused:
        services.activity_attendance_record(
            actor=staff.coach, activity=activity, participants=form.participants()
        )
    form.add_service_error(refused.value)
    assert list(form.forms[1].errors) == ["attendance"]
    assert not form.forms[0].errors
    assert form.forms[0]["note"].value() == "Mukana"
    assert not ActivityParticipant.objects.exists()
    assert client.get(f"/ryhmatoiminnot/{activity.pk}/").status_code == 200


def test_a_supervisor_and_a_trainee_are_refused(tenant_a, staff, make_activity, client_for):
    activity = make_activity()
    client = _client(client_for, tenant_a, staff.supervisor)
    for url in ("/ryhmatoiminnot/", "/ryhmatoiminnot/uusi/", f"/ryhmatoiminnot/{activity.pk}/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/ryhmatoiminnot/{activity.pk}/muokkaa/", {}).status_code == 403


def test_an_unknown_activity_is_a_404(tenant_a, staff, client_for):
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get("/ryhmatoiminnot/999999/").status_code == 404
    assert client.get("/ryhmatoiminnot/999999/muokkaa/").status_code == 404


def test_the_navigation_has_activities_for_staff(tenant_a, staff, client_for):
    page = _client(client_for, tenant_a, staff.coach).get("/").content.decode()
    assert 'href="/ryhmatoiminnot/"' in page
    page = _client(client_for, tenant_a, staff.supervisor).get("/").content.decode()
    assert 'href="/ryhmatoiminnot/"' not in page


def test_the_attendance_page_costs_the_same_queries_for_5_and_50(
    tenant_a, staff, make_activity, make_period, client_for
):
    activity = make_activity()
    client = _client(client_for, tenant_a, staff.coach)
    url = f"/ryhmatoiminnot/{activity.pk}/"

    def add(count):
        periods = [make_period() for _ in range(count)]
        activity_attendance_record(
            actor=staff.coach,
            activity=activity,
            participants=[ParticipantInput(p.pk, "attended") for p in periods[: count // 2]],
        )

    add(5)
    client.get(url)  # warm the session and the settings cache
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    add(45)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert len(response.context["group"].members) == 50
    assert len(fifty) == len(five)
