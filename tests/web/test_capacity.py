"""Capacity indicator pages: the group overview, a period's trajectory and assessment entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competence.capacity.models import Assessment, Instrument, InstrumentVersion
from competence.capacity.services import capacity_assessment_submit
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

BASELINE, INTERIM = date(2026, 3, 5), date(2026, 5, 4)


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _version(code: str) -> InstrumentVersion:
    version = (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM, instrument__code=code
        )
        .order_by("-number")
        .first()
    )
    assert version is not None
    return version


@pytest.fixture
def coach_version(tenant_a):
    return _version("valmo-coach-observation")


@pytest.fixture
def self_version(tenant_a):
    return _version("valmo-self-assessment")


def _codes(version) -> list[str]:
    return list(
        version.items.order_by("dimension__position", "position").values_list("code", flat=True)
    )


def _submit(actor, period, version, occasion, rater_type, on, value, *, skip=(), **extra):
    answers = {code: value for code in _codes(version) if code not in skip}
    return capacity_assessment_submit(
        actor=actor,
        period=period,
        version=version,
        occasion=occasion,
        rater_type=rater_type,
        assessed_on=on,
        answers=answers,
        **extra,
    )


def _entry_url(period, version, occasion="baseline", rater_type="coach") -> str:
    return f"/jaksot/{period.pk}/toimintakyky/{version.instrument_id}/{occasion}/{rater_type}/"


def _post_data(version, value="3", **extra) -> dict:
    data = {f"item-{code}": value for code in _codes(version)}
    data.update({"assessed_on": "2026-03-05", "note": ""})
    data.update(extra)
    return data


# --- Entry -----------------------------------------------------------------------------------


def test_the_entry_page_lists_every_item_with_not_observed_and_no_answer(
    tenant_a, staff, make_period, client_for, coach_version
):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).get(_entry_url(period, coach_version))
    assert response.status_code == 200
    html = response.content.decode()
    for code in _codes(coach_version):
        assert f'name="item-{code}" value="not_observed"' in html
        assert f'name="item-{code}" value=""' in html
    # "No answer" is chosen until something else is.
    first = _codes(coach_version)[0]
    assert f'name="item-{first}" value="" id="id_item-{first}_6" checked' in html
    assert "style=" not in html


def test_one_submit_saves_values_not_observed_and_missing_through_the_service(
    tenant_a, staff, make_period, client_for, coach_version
):
    period = make_period("coaching")
    codes = _codes(coach_version)
    data = _post_data(coach_version, "4")
    data[f"item-{codes[0]}"] = "not_observed"
    data[f"item-{codes[1]}"] = ""
    response = _client(client_for, tenant_a, staff.coach).post(
        _entry_url(period, coach_version), data
    )
    assert response.status_code == 302
    assert response["Location"] == f"/jaksot/{period.pk}/toimintakyky/"
    assessment = Assessment.objects.get(period=period)
    assert assessment.rater == staff.coach
    assert assessment.rater_type == "coach"
    answers = {a.item.code: (a.value, a.not_observed) for a in assessment.answers.all()}
    assert answers[codes[0]] == (None, True)
    assert codes[1] not in answers  # missing, not "not observed"
    assert answers[codes[2]] == (4, False)
    assert len(answers) == len(codes) - 1

    # Opening it again shows what was saved.
    html = (
        _client(client_for, tenant_a, staff.coach)
        .get(_entry_url(period, coach_version))
        .content.decode()
    )
    assert f'value="not_observed" id="id_item-{codes[0]}_5" checked' in html
    assert f'value="4" id="id_item-{codes[2]}_3" checked' in html


def test_a_bad_value_is_a_400_at_the_item_and_keeps_the_input(
    tenant_a, staff, make_period, client_for, coach_version
):
    period = make_period("coaching")
    codes = _codes(coach_version)
    data = _post_data(coach_version, "2")
    data[f"item-{codes[3]}"] = "9"
    response = _client(client_for, tenant_a, staff.coach).post(
        _entry_url(period, coach_version), data
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_item-{codes[3]}-error"' in html
    assert "Select a valid choice" in html
    assert f'value="2" id="id_item-{codes[0]}_1" checked' in html
    assert not Assessment.objects.filter(period=period).exists()


@pytest.mark.parametrize(
    ("change", "field_text"),
    [
        ({"assessed_on": "2099-01-01"}, "cannot be in the future"),
        ({"assessed_on": "2026-01-01"}, "before the period started"),
        ({"assessed_on": "not a date"}, "Enter a valid date"),
    ],
)
def test_a_refused_date_is_a_400_at_the_field(
    tenant_a, staff, make_period, client_for, coach_version, change, field_text
):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).post(
        _entry_url(period, coach_version), _post_data(coach_version, **change)
    )
    assert response.status_code == 400
    assert 'id="id_assessed_on-error"' in response.content.decode()
    assert field_text in response.content.decode()
    assert not Assessment.objects.filter(period=period).exists()


def test_nothing_answered_is_a_400(tenant_a, staff, make_period, client_for, coach_version):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).post(
        _entry_url(period, coach_version), _post_data(coach_version, "")
    )
    assert response.status_code == 400
    assert "Answer at least one item." in response.content.decode()


def test_a_finalised_assessment_is_shown_read_only_and_refused(
    tenant_a, staff, make_period, client_for, coach_version
):
    period = make_period("coaching")
    _submit(staff.coach, period, coach_version, "baseline", "coach", BASELINE, 3, finalise=True)
    client = _client(client_for, tenant_a, staff.coach)
    html = client.get(_entry_url(period, coach_version)).content.decode()
    assert "can no longer be changed" in html
    assert 'type="submit"' not in html.split("</header>")[-1].split("<footer")[0]
    response = client.post(_entry_url(period, coach_version), _post_data(coach_version, "5"))
    assert response.status_code == 400
    assert set(Assessment.objects.get(period=period).answers.values_list("value", flat=True)) == {3}


def test_unknown_occasion_rater_or_instrument_is_a_404(
    tenant_a, staff, make_period, client_for, coach_version, self_version
):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get(_entry_url(period, coach_version, occasion="someday")).status_code == 404
    assert client.get(_entry_url(period, coach_version, rater_type="boss")).status_code == 404
    bad = f"/jaksot/{period.pk}/toimintakyky/999999/baseline/coach/"
    assert client.get(bad).status_code == 404
    # The self-assessment instrument is not for coaches.
    assert client.get(_entry_url(period, self_version)).status_code == 404


def test_roles(tenant_a, staff, make_period, make_trainee, make_user, client_for, coach_version):
    own = make_period("continued_coaching")  # placed with staff.supervisor
    other = make_period("coaching", coach=staff.coach2)
    url = _entry_url(own, coach_version)
    assert _client(client_for, tenant_a, staff.coach).get(url).status_code == 200
    assert _client(client_for, tenant_a, staff.admin).get(url).status_code == 200
    # Another coach's period does not exist for this coach.
    assert (
        _client(client_for, tenant_a, staff.coach).get(_entry_url(other, coach_version)).status_code
        == 404
    )
    assert (
        _client(client_for, tenant_a, staff.coach)
        .get(f"/jaksot/{other.pk}/toimintakyky/")
        .status_code
        == 404
    )
    # The placement supervisor gives the supervisor assessment, not the coach's.
    supervisor = _client(client_for, tenant_a, staff.supervisor)
    assert supervisor.get(url).status_code == 403
    supervisor_url = _entry_url(own, coach_version, rater_type="supervisor")
    assert supervisor.get(supervisor_url).status_code == 200
    response = supervisor.post(supervisor_url, _post_data(coach_version, "3"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(period=own, rater_type="supervisor")
    assert assessment.rater == staff.supervisor
    # Signed out: to sign-in.
    assert client_for(tenant_a).get(url).status_code == 302


def test_the_trainee_enters_their_own_self_assessment(
    tenant_a, staff, make_period, make_trainee, make_user, client_for, coach_version, self_version
):
    user = make_user(tenant_a, role="trainee")
    period = make_period("coaching", trainee=make_trainee(user=user))
    client = _client(client_for, tenant_a, user)
    assert client.get(_entry_url(period, coach_version)).status_code == 403
    url = _entry_url(period, self_version, rater_type="self")
    assert client.get(url).status_code == 200
    assert client.post(url, _post_data(self_version, "not_observed")).status_code == 302
    assessment = Assessment.objects.get(period=period, rater_type="self")
    assert assessment.rater == user
    assert set(assessment.answers.values_list("not_observed", flat=True)) == {True}
    # Someone else's period is out of reach.
    stranger = make_period("coaching")
    assert client.get(_entry_url(stranger, self_version, rater_type="self")).status_code == 404


def test_a_closed_period_refuses_with_400(tenant_a, staff, make_period, client_for, coach_version):
    period = make_period("closed")
    response = _client(client_for, tenant_a, staff.admin).post(
        _entry_url(period, coach_version), _post_data(coach_version)
    )
    assert response.status_code == 400
    assert "The period is closed" in response.content.decode()


def test_the_entry_is_audited(tenant_a, staff, make_period, client_for, coach_version):
    period = make_period("coaching")
    _submit(staff.coach, period, coach_version, "baseline", "coach", BASELINE, 3)
    response = _client(client_for, tenant_a, staff.coach).get(_entry_url(period, coach_version))
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert events.filter(trainee_id=period.trainee_id, section="capacity").count() == 2


# --- The period's trajectory ------------------------------------------------------------------


def test_the_trajectory_shows_self_against_coach_and_the_change_with_coverage(
    tenant_a, staff, make_period, client_for, coach_version, self_version
):
    period = make_period("coaching")
    codes = _codes(coach_version)
    _submit(staff.coach, period, coach_version, "baseline", "coach", BASELINE, 2, skip={codes[0]})
    _submit(staff.coach, period, coach_version, "interim", "coach", INTERIM, 4)
    _submit(staff.coach, period, self_version, "baseline", "self", BASELINE, 3)
    response = _client(client_for, tenant_a, staff.coach).get(f"/jaksot/{period.pk}/toimintakyky/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == coach_version.dimensions.count()
    assert "<polyline" in html
    assert "<circle" in html
    assert "style=" not in html
    assert "<script" not in html.split("</main>")[0].split("<main")[-1]
    first = coach_version.dimensions.order_by("position").first()
    items = first.items.count()
    # Coach baseline 2.00 with one item left out, self 3.00, the change +2.00 over the paired items.
    assert f'2.00 <span class="muted">({items - 1}/{items})</span>' in html
    assert '3.00 <span class="muted">(2/2)</span>' in html  # the self-assessment has two items
    assert f'+2.00 <span class="muted">({items - 1}/{items})</span>' in html
    # Entry links for the coach's occasions.
    assert _entry_url(period, coach_version, "final") in html
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert events.filter(trainee_id=period.trainee_id).count() == 4  # the period and 3 assessments


def test_the_trajectory_without_assessments(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).get(f"/jaksot/{period.pk}/toimintakyky/")
    assert response.status_code == 200
    assert "No assessments yet." in response.content.decode()


def test_the_trainee_page_links_to_the_capacity_page(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    html = (
        _client(client_for, tenant_a, staff.coach)
        .get(f"/valmentautujat/{period.trainee_id}/")
        .content.decode()
    )
    assert f'href="/jaksot/{period.pk}/toimintakyky/"' in html


# --- The group overview -------------------------------------------------------------------------


def test_the_overview_shows_the_latest_occasion_and_change_of_the_coachs_group(
    tenant_a, staff, make_period, client_for, coach_version
):
    period = make_period("coaching")
    other = make_period("coaching", coach=staff.coach2)
    _submit(staff.coach, period, coach_version, "baseline", "coach", BASELINE, 2)
    _submit(staff.coach, period, coach_version, "interim", "coach", INTERIM, 3)
    response = _client(client_for, tenant_a, staff.coach).get("/toimintakyky/")
    assert response.status_code == 200
    html = response.content.decode()
    assert str(period.trainee) in html
    assert str(other.trainee) not in html
    assert f'href="/jaksot/{period.pk}/toimintakyky/"' in html
    assert "Latest: Interim, 4.5.2026" in html
    assert "+1.00" in html
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {period.trainee_id}


def _overview_queries(client, staff, make_period, coach_version, size: int) -> int:
    for _ in range(size):
        period = make_period("coaching", work_trial=False)
        _submit(staff.coach, period, coach_version, "baseline", "coach", BASELINE, 2)
        _submit(staff.coach, period, coach_version, "interim", "coach", INTERIM, 3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/toimintakyky/")
    assert response.status_code == 200
    return len(queries)


def test_the_overview_reads_in_constant_queries(
    tenant_a, staff, make_period, client_for, coach_version
):
    client = _client(client_for, tenant_a, staff.coach)
    client.get("/toimintakyky/")  # the session's first request reads more (policy, session)
    five = _overview_queries(client, staff, make_period, coach_version, 5)
    fifty = _overview_queries(client, staff, make_period, coach_version, 45)
    assert five == fifty


def test_the_overview_is_in_the_navigation(tenant_a, staff, client_for):
    html = _client(client_for, tenant_a, staff.coach).get("/toimintakyky/").content.decode()
    assert 'href="/toimintakyky/"' in html
    signed_out = client_for(tenant_a).get("/toimintakyky/")
    assert signed_out.status_code == 302
    assert "login" in signed_out["Location"]


def test_the_overview_is_paged_and_logs_only_the_page(
    tenant_a, staff, make_period, client_for, monkeypatch
):
    from web import capacity_views

    monkeypatch.setattr(capacity_views, "PAGE_SIZE", 2)
    periods = [make_period("coaching", work_trial=False) for _ in range(3)]
    client = _client(client_for, tenant_a, staff.coach)
    first = client.get("/toimintakyky/")
    second = client.get("/toimintakyky/?page=2")
    assert first.status_code == second.status_code == 200
    shown_first = [p for p in periods if f'href="/jaksot/{p.pk}/toimintakyky/"' in first.text]
    shown_second = [p for p in periods if f'href="/jaksot/{p.pk}/toimintakyky/"' in second.text]
    assert len(shown_first) == 2
    assert len(shown_second) == 1
    assert set(shown_first).isdisjoint(shown_second)
    assert 'rel="next"' in first.text
    assert "?page=2" in first.text
    assert 'rel="prev"' in second.text
    events = AuditEvent.objects.filter(request_id=second["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {shown_second[0].trainee_id}
    # A page that is not a number shows the first page; one past the end, the last.
    assert client.get("/toimintakyky/?page=x").status_code == 200
    assert shown_second[0].trainee.last_name in client.get("/toimintakyky/?page=99").text
