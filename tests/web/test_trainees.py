"""The trainees list and the trainee's page: filters, paging, reach, withheld sections, audit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching.models import Site
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_a_coach_lists_own_trainees_only(tenant_a, staff, make_period, client_for):
    own = make_period("coaching")
    other = make_period("coaching", coach=staff.coach2)

    response = _client(client_for, tenant_a, staff.coach).get("/valmentautujat/")

    page = response.content.decode()
    assert response.status_code == 200
    assert str(own.trainee) in page
    assert f'href="/valmentautujat/{own.trainee_id}/"' in page
    assert str(other.trainee) not in page
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {own.trainee_id}


def test_search_and_filters(tenant_a, staff, make_period, work_unit, client_for):
    coaching = make_period("coaching")
    intake = make_period("intake_assessment", coach=staff.coach2)
    named = make_period("coaching")
    site = Site.objects.create(name="Keskusvarasto")
    work_unit.site = site
    work_unit.save()
    placed = make_period("continued_coaching")
    client = _client(client_for, tenant_a, staff.admin)

    def names(query: str) -> set[str]:
        page = client.get(f"/valmentautujat/?{query}").content.decode()
        shown = {p.trainee for p in (coaching, intake, named, placed) if str(p.trainee) in page}
        return {str(t) for t in shown}

    assert names(f"q={named.trainee.last_name.split()[-1]}") == {str(named.trainee)}
    assert names("q=testi+valmentautuja") == {
        str(p.trainee) for p in (coaching, intake, named, placed)
    }
    assert names("phase=intake_assessment") == {str(intake.trainee)}
    assert names(f"coach={staff.coach2.pk}") == {str(intake.trainee)}
    assert names(f"site={site.pk}") == {str(placed.trainee)}
    work_trial = coaching.statuses.get().status_id
    assert str(coaching.trainee) in names(f"status={work_trial}")


def test_bad_filter_is_a_400_naming_the_field(tenant_a, staff, client_for):
    response = _client(client_for, tenant_a, staff.admin).get("/valmentautujat/?phase=nope&page=x")
    assert response.status_code == 400
    assert 'id="phase-error"' in response.content.decode()


def test_paging(tenant_a, staff, make_period, client_for, monkeypatch):
    from web import trainee_views

    monkeypatch.setattr(trainee_views, "PAGE_SIZE", 2)
    periods = [make_period("coaching") for _ in range(3)]
    client = _client(client_for, tenant_a, staff.coach)
    first = client.get("/valmentautujat/").content.decode()
    second = client.get("/valmentautujat/?page=2").content.decode()
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    on_first = [p for p in periods if str(p.trainee) in first]
    on_second = [p for p in periods if str(p.trainee) in second]
    assert len(on_first) == 2
    assert len(on_second) == 1


def test_list_queries_do_not_grow_with_the_page(
    tenant_a, staff, make_period, client_for, monkeypatch
):
    from web import trainee_views

    monkeypatch.setattr(trainee_views, "PAGE_SIZE", 50)
    client = _client(client_for, tenant_a, staff.admin)
    for _ in range(5):
        make_period("coaching")
    client.get("/valmentautujat/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/valmentautujat/").status_code == 200
    for _ in range(45):  # cheap rows: a referred period without a status
        make_period("referred", coach=staff.coach2, work_trial=False)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/valmentautujat/")
    assert response.content.decode().count('class="trainee-card"') == 50
    assert len(large) == len(small)


def test_the_trainee_page_shows_the_header_and_timeline(tenant_a, staff, make_period, client_for):
    period = make_period("continued_coaching")

    response = _client(client_for, tenant_a, staff.coach).get(
        f"/valmentautujat/{period.trainee_id}/"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert str(period.trainee) in page
    assert period.get_phase_display() in page
    assert "Testiyksikkö" in page  # the placement
    assert 'class="timeline__item timeline__item--phase"' in page
    assert 'class="timeline__item timeline__item--status"' in page
    assert "Health and safety" in page
    assert "Withheld: the access log" in page  # a coach does not read the access log
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {period.trainee_id}


def test_another_coachs_trainee_is_404(tenant_a, staff, make_period, client_for):
    other = make_period("coaching", coach=staff.coach2)
    response = _client(client_for, tenant_a, staff.coach).get(
        f"/valmentautujat/{other.trainee_id}/"
    )
    assert response.status_code == 404


def test_the_admin_sees_who_handled_but_not_health_and_safety(
    tenant_a, staff, make_period, client_for
):
    period = make_period("coaching")
    _client(client_for, tenant_a, staff.coach).get(f"/valmentautujat/{period.trainee_id}/")

    page = (
        _client(client_for, tenant_a, staff.admin)
        .get(f"/valmentautujat/{period.trainee_id}/")
        .content.decode()
    )

    assert "Withheld: health and safety" in page
    assert "Nothing logged yet." not in page
    assert staff.coach.email in page  # the coach's earlier read is listed


@pytest.mark.parametrize("role", ["unit_supervisor", "trainee"])
def test_roles_outside_coaching_staff_are_refused_the_list(tenant_a, make_user, client_for, role):
    user = make_user(tenant_a, role=role)
    assert client_for(tenant_a, user).get("/valmentautujat/").status_code == 403


def test_today_and_dashboard_link_to_the_trainee(tenant_a, staff, make_period, client_for):
    from django.utils import timezone

    today = timezone.localdate()
    period = make_period(
        "coaching",
        start=today - timezone.timedelta(days=30),
        planned_end=today + timezone.timedelta(days=10),
    )
    client = _client(client_for, tenant_a, staff.coach)
    link = f'href="/valmentautujat/{period.trainee_id}/"'
    assert link in client.get("/tyopoyta/").content.decode()
    assert link in client.get(f"/tanaan/?date={today.isoformat()}").content.decode()


@pytest.mark.parametrize(
    ("language", "heading", "withheld"),
    [
        ("fi", "Valmentautujat", "Ei näytetä: käsittelyloki"),
        ("sv", "Deltagare", "Visas inte: åtkomstloggen"),
    ],
)
def test_the_pages_speak_finnish_and_swedish(
    tenant_a, staff, make_period, client_for, language, heading, withheld
):
    period = make_period("coaching")
    client = client_for(tenant_a, staff.coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    assert f"<h1>{heading}</h1>" in client.get("/valmentautujat/").content.decode()
    assert withheld in client.get(f"/valmentautujat/{period.trainee_id}/").content.decode()


def test_the_timeline_shows_one_kind(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    url = f"/valmentautujat/{period.trainee_id}/"

    page = client.get(f"{url}?kind=phase").content.decode()

    assert "timeline__item--phase" in page
    assert "timeline__item--status" not in page
    assert client.get(f"{url}?kind=nope").status_code == 404
