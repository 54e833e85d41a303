"""The period actions page: statuses with their legal frame, placement, coach, follow-up."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coaching.models import CoachingPeriod, FollowUpContact, PeriodStatus, WorkUnit
from privacy.models import AuditEvent
from tests.coaching.conftest import START

pytestmark = pytest.mark.django_db


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _status_data(status, **extra) -> dict:
    data = {
        "status-status": status.pk,
        "status-valid_from": "2026-03-02",
        "status-valid_until": "",
        "status-days_per_week": "4",
        "status-hours_per_day": "6",
        "status-subsidy_type": "",
    }
    data.update({f"status-{key}": value for key, value in extra.items()})
    return data


def _events(response, **filters):
    return AuditEvent.objects.filter(request_id=response["X-Request-ID"], **filters)


# --- Participation statuses -----------------------------------------------------------------


def test_the_page_lists_the_status_history_and_audits_it(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).get(f"/jaksot/{period.pk}/toiminnot/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Työkokeilu" in page
    assert "Withheld" not in page
    row = period.statuses.get()
    assert _events(response, object_type="coaching.periodstatus", object_id=str(row.pk)).exists()
    assert _events(response, trainee_id=period.trainee_id, section="social_welfare").exists()


def test_the_status_history_is_withheld_without_social_welfare_access(
    tenant_a, staff, make_period, client_for, monkeypatch
):
    from web import period_views

    allowed = period_views.can
    monkeypatch.setattr(
        period_views,
        "can",
        lambda user, action, obj=None: (
            action != "trainee.social_welfare.view" and allowed(user, action, obj)
        ),
    )
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).get(f"/jaksot/{period.pk}/toiminnot/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Withheld: social-welfare data is not within your role." in page
    assert "Työkokeilu" not in page
    assert f'action="/jaksot/{period.pk}/tila/"' not in page
    assert not _events(response, object_type="coaching.periodstatus").exists()


def test_preview_shows_the_frame_and_saves_nothing(
    tenant_a, staff, make_period, client_for, status
):
    period = make_period("coaching", work_trial=False)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/tila/",
        {**_status_data(status("rehabilitative_work"), days_per_week=""), "preview": "1"},
    )
    assert response.status_code == 200
    frame = response.context["frame"]
    assert frame.frame.max_days_per_week == 4
    assert frame.months_left == 24
    page = response.content.decode()
    assert "The legal frame of Kuntouttava työtoiminta on 2.3.2026" in page
    assert 'name="confirm"' in page
    assert not response.context["status_form"].errors  # days are checked when saving
    assert not PeriodStatus.objects.filter(period=period).exists()


def test_months_left_count_the_trainees_earlier_statuses(
    tenant_a, staff, make_period, client_for, status
):
    period = make_period("coaching", planned_end=date(2026, 6, 1))  # 3 months of work trial
    response = _client(client_for, tenant_a, staff.coach).get(
        f"/jaksot/{period.pk}/tila/kehys/",
        {"status-status": status("work_trial").pk, "status-valid_from": "2026-06-02"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.context["frame"].used_months == 3
    assert response.context["frame"].months_left == 3  # six with one organiser
    page = response.content.decode()
    assert "<html" not in page  # a fragment for htmx
    assert "Months left" in page
    assert _events(response, trainee_id=period.trainee_id, section="social_welfare").exists()


def test_the_frame_fragment_without_a_choice_asks_for_one(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    empty = client.get(f"/jaksot/{period.pk}/tila/kehys/")
    assert empty.status_code == 200
    assert "Choose a status and its start date" in empty.content.decode()
    bad = client.get(f"/jaksot/{period.pk}/tila/kehys/", {"status-status": "x"})
    assert bad.status_code == 400


def test_the_status_form_asks_htmx_for_the_frame(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    page = _client(client_for, tenant_a, staff.coach).get(f"/jaksot/{period.pk}/toiminnot/")
    html = page.content.decode()
    assert f'hx-get="/jaksot/{period.pk}/tila/kehys/"' in html
    assert 'hx-target="#status-frame"' in html
    assert "<script>" not in html
    assert "style=" not in html


def test_confirming_saves_the_status(tenant_a, staff, make_period, client_for, status):
    period = make_period("coaching", work_trial=False)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/tila/",
        {**_status_data(status("career_coaching")), "confirm": "1"},
    )
    assert response.status_code == 302
    row = PeriodStatus.objects.get(period=period)
    assert (row.status.code, row.days_per_week, row.hours_per_day) == (
        "career_coaching",
        4,
        Decimal(6),
    )


@pytest.mark.parametrize(
    ("code", "extra", "field", "message"),
    [
        ("career_coaching", {"days_per_week": "7"}, "days_per_week", "Days per week must be"),
        ("career_coaching", {"hours_per_day": "9"}, "hours_per_day", "Hours per day must be"),
        ("rehabilitative_work", {}, "valid_until", "This status needs an end date."),
        (
            "rehabilitative_work",
            {"valid_until": "2026-04-30"},
            "valid_until",
            "at least 3 months",
        ),
        ("employment", {}, "subsidy_type", "This status needs a subsidy type."),
        ("career_coaching", {"subsidy_type": "x"}, "subsidy_type", "has no subsidy type"),
        ("career_coaching", {"valid_from": "2026-01-01"}, "valid_from", "before the period"),
        (
            "career_coaching",
            {"valid_until": "2026-03-01"},
            "valid_until",
            "cannot end before it starts",
        ),
        ("career_coaching", {"days_per_week": "x"}, "days_per_week", "Enter a whole number."),
        ("career_coaching", {"valid_from": "1.1.x"}, "valid_from", "Enter a valid date."),
    ],
)
def test_each_status_refusal_is_at_its_field(
    tenant_a, staff, make_period, client_for, status, code, extra, field, message
):
    period = make_period("coaching", work_trial=False)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/tila/", {**_status_data(status(code), **extra), "confirm": "1"}
    )
    assert response.status_code == 400
    errors = response.context["status_form"].errors[field]
    assert any(message in error for error in errors), errors
    assert f'id="id_status-{field}-error"' in response.content.decode()
    assert not PeriodStatus.objects.filter(period=period).exists()


def test_a_status_beyond_the_organisers_months_is_refused(
    tenant_a, staff, make_period, client_for, status
):
    period = make_period("coaching")  # six months of work trial already
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/tila/",
        {
            **_status_data(status("work_trial"), valid_from="2026-09-01", valid_until="2026-09-30"),
            "confirm": "1",
        },
    )
    assert response.status_code == 400
    assert "more than 6 months" in response.context["status_form"].errors["valid_until"][0]
    assert response.context["frame"].months_left < 1  # 2.3.–31.8. is just under six


def test_a_closed_periods_status_is_refused_above_the_form(
    tenant_a, staff, make_period, client_for, status
):
    period = make_period("closed", work_trial=False)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/tila/", {**_status_data(status("career_coaching")), "confirm": "1"}
    )
    assert response.status_code == 400
    assert "The period is no longer open." in response.context["status_form"].non_field_errors()


# --- Placement and coach ----------------------------------------------------------------------


def test_placement_in_a_work_unit_takes_its_supervisor(
    tenant_a, staff, make_period, work_unit, client_for
):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/sijoitus/", {"placement-work_unit": work_unit.pk}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.placement_unit == work_unit
    assert period.placement_supervisor == staff.supervisor


def test_placement_refusals_at_their_fields(tenant_a, staff, make_period, work_unit, client_for):
    period = make_period("coaching")
    bare = WorkUnit.objects.create(name="Ilman esihenkilöä")
    client = _client(client_for, tenant_a, staff.coach)
    url = f"/jaksot/{period.pk}/sijoitus/"
    no_supervisor = client.post(url, {"placement-work_unit": bare.pk})
    assert no_supervisor.status_code == 400
    assert no_supervisor.context["placement_form"].errors["supervisor"]
    wrong_role = client.post(
        url, {"placement-work_unit": bare.pk, "placement-supervisor": staff.coach.pk}
    )
    assert wrong_role.status_code == 400
    assert wrong_role.context["placement_form"].errors["supervisor"]
    bare.is_active = False
    bare.save()
    inactive = client.post(url, {"placement-work_unit": bare.pk})
    assert inactive.status_code == 400
    assert inactive.context["placement_form"].errors["work_unit"]
    period.refresh_from_db()
    assert period.placement_unit is None


def test_placement_of_an_ended_period_is_refused_above_the_form(
    tenant_a, staff, make_period, work_unit, client_for
):
    period = make_period("closed")
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/sijoitus/", {"placement-work_unit": work_unit.pk}
    )
    assert response.status_code == 400
    assert "no longer open" in response.content.decode()


def test_handing_the_period_to_another_coach(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    response = client.post(f"/jaksot/{period.pk}/valmentaja/", {"assign-coach": staff.coach2.pk})
    assert response.status_code == 302
    assert response["Location"] == "/valmentautujat/"  # no longer in the coach's reach
    period.refresh_from_db()
    assert period.coach == staff.coach2


def test_a_coach_above_the_hard_limit_is_refused_at_the_field(
    tenant_a, staff, make_period, client_for
):
    from coaching.selectors import coaching_settings_get

    period = make_period("coaching")
    limit = coaching_settings_get().group_size_hard_limit
    for _ in range(limit):
        make_period("coaching", coach=staff.coach2, work_trial=False)
    coach_response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/valmentaja/", {"assign-coach": staff.coach2.pk}
    )
    assert coach_response.status_code == 400
    assert "above the hard limit" in coach_response.context["assign_form"].errors["coach"][0]
    wrong_role = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/valmentaja/", {"assign-coach": staff.agent.pk}
    )
    assert wrong_role.status_code == 400
    period.refresh_from_db()
    assert period.coach == staff.coach
    admin = _client(client_for, tenant_a, staff.admin).post(
        f"/jaksot/{period.pk}/valmentaja/",
        {"assign-coach": staff.coach2.pk, "assign-override_reason": "Sijaisuus"},
    )
    assert admin.status_code == 302
    period.refresh_from_db()
    assert period.coach == staff.coach2


# --- Follow-up contacts ----------------------------------------------------------------------


def test_follow_up_contacts_are_recorded_and_listed(tenant_a, staff, make_period, client_for):
    period = make_period("ended")
    client = _client(client_for, tenant_a, staff.coach)
    day = timezone.localdate()
    response = client.post(
        f"/jaksot/{period.pk}/jalkiseuranta/",
        {"followup-date": day.isoformat(), "followup-kind": "phone", "followup-note": "Töissä"},
    )
    assert response.status_code == 302
    contact = FollowUpContact.objects.get(period=period)
    assert (contact.kind, contact.note, contact.actor) == ("phone", "Töissä", staff.coach)
    page = client.get(f"/jaksot/{period.pk}/toiminnot/")
    assert "Töissä" in page.content.decode()
    assert _events(page, object_type="coaching.followupcontact", object_id=str(contact.pk))


def test_follow_up_refusals_at_their_fields(tenant_a, staff, make_period, client_for):
    ended = make_period("ended")
    client = _client(client_for, tenant_a, staff.coach)
    before = (ended.ended_on - timedelta(days=1)).isoformat()
    early = client.post(
        f"/jaksot/{ended.pk}/jalkiseuranta/", {"followup-date": before, "followup-kind": "phone"}
    )
    assert early.status_code == 400
    assert early.context["follow_up_form"].errors["date"]
    kind = client.post(
        f"/jaksot/{ended.pk}/jalkiseuranta/",
        {"followup-date": ended.ended_on.isoformat(), "followup-kind": "telepathy"},
    )
    assert kind.status_code == 400
    assert kind.context["follow_up_form"].errors["kind"]
    running = make_period("coaching")
    open_period = client.post(
        f"/jaksot/{running.pk}/jalkiseuranta/",
        {"followup-date": START.isoformat(), "followup-kind": "phone"},
    )
    assert open_period.status_code == 400
    assert "belong to ended periods" in open_period.content.decode()
    assert not FollowUpContact.objects.exists()


# --- Phases: interruption and reopening ---------------------------------------------------------


def test_an_interrupted_period_explains_how_to_reopen(tenant_a, staff, make_period, client_for):
    period = make_period("coaching", interrupted_from="coaching")
    client = _client(client_for, tenant_a, staff.coach)
    page = client.get(f"/jaksot/{period.pk}/toiminnot/")
    assert "The period is interrupted." in page.content.decode()
    assert page.context["form"].fields["to_phase"].choices[0][0] == "coaching"
    refused = client.post(f"/jaksot/{period.pk}/vaihe/", {"to_phase": "coaching", "reason": ""})
    assert refused.status_code == 400
    assert refused.context["form"].errors["reason"]
    wrong = client.post(f"/jaksot/{period.pk}/vaihe/", {"to_phase": "pre_coaching", "reason": "x"})
    assert wrong.status_code == 400
    assert wrong.context["form"].errors["to_phase"]
    period.refresh_from_db()
    assert period.phase == "interrupted"


# --- Roles ---------------------------------------------------------------------------------------

POSTS = [
    ("tila/", {"status-status": "1", "confirm": "1"}),
    ("sijoitus/", {"placement-work_unit": "1"}),
    ("valmentaja/", {"assign-coach": "1"}),
    ("jalkiseuranta/", {"followup-date": "2026-09-01", "followup-kind": "phone"}),
]


@pytest.mark.parametrize(("path", "data"), POSTS)
def test_another_coachs_period_is_a_404(tenant_a, staff, make_period, client_for, path, data):
    period = make_period("ended", coach=staff.coach2)
    before = CoachingPeriod.objects.values().get(pk=period.pk)
    response = _client(client_for, tenant_a, staff.coach).post(f"/jaksot/{period.pk}/{path}", data)
    assert response.status_code == 404
    assert CoachingPeriod.objects.values().get(pk=period.pk) == before
    assert not FollowUpContact.objects.exists()


@pytest.mark.parametrize(("path", "data"), [*POSTS, ("tila/kehys/", {}), ("toiminnot/", {})])
def test_a_supervisor_is_refused(tenant_a, staff, make_period, client_for, path, data):
    period = make_period("ended")
    client = _client(client_for, tenant_a, staff.supervisor)
    assert client.get(f"/jaksot/{period.pk}/{path}").status_code == 403
    if data:
        assert client.post(f"/jaksot/{period.pk}/{path}", data).status_code == 403


def test_a_get_of_a_form_address_goes_back_to_the_page(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    for path, _data in POSTS:
        response = client.get(f"/jaksot/{period.pk}/{path}")
        assert response.status_code == 302
        assert response["Location"] == f"/jaksot/{period.pk}/toiminnot/"


def test_writes_are_audited(tenant_a, staff, make_period, work_unit, client_for):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/sijoitus/", {"placement-work_unit": work_unit.pk}
    )
    assert response.status_code == 302
    assert _events(response, action="change", trainee_id=period.trainee_id).exists()


def test_the_trainee_page_links_the_period_actions(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    page = _client(client_for, tenant_a, staff.coach).get(f"/valmentautujat/{period.trainee_id}/")
    assert f'href="/jaksot/{period.pk}/toiminnot/"' in page.content.decode()
