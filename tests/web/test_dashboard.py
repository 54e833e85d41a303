"""The staff dashboard: what needs settling, only within the viewer's reach."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.dashboard_selectors import previous_working_day
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _current(make_period, **kwargs):
    """A period in coaching now (started a month ago, ending in three weeks)."""
    today = timezone.localdate()
    return make_period(
        "coaching",
        start=today - timezone.timedelta(days=30),
        planned_end=today + timezone.timedelta(days=21),
        **kwargs,
    )


def test_a_coach_sees_own_gaps_linked_to_today(tenant_a, staff, make_period, client_for):
    own = _current(make_period)
    other = _current(make_period, coach=staff.coach2)

    response = _client(client_for, tenant_a, staff.coach).get("/tyopoyta/")

    assert response.status_code == 200
    page = response.content.decode()
    assert str(own.trainee) in page
    assert str(other.trainee) not in page  # another coach's trainee: need-to-know
    day = previous_working_day(timezone.localdate())
    assert f'/tanaan/?date={day.isoformat()}#trainee-{own.trainee_id}"' in page
    assert "Periods ending within 30 days" in page
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {own.trainee_id}


def test_the_admin_sees_every_coach_against_the_limits(tenant_a, staff, make_period, client_for):
    _current(make_period)
    _current(make_period, coach=staff.coach2)

    page = _client(client_for, tenant_a, staff.admin).get("/tyopoyta/").content.decode()

    assert page.count('<th scope="row">') == 2  # both coaches' rows


def test_the_admin_sees_every_coachs_gaps(tenant_a, staff, make_period, client_for):
    """The admin's reach is every period, which the lists then leave unnarrowed."""
    own = _current(make_period)
    other = _current(make_period, coach=staff.coach2)

    response = _client(client_for, tenant_a, staff.admin).get("/tyopoyta/")

    page = response.content.decode()
    assert str(own.trainee) in page
    assert str(other.trainee) in page
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {own.trainee_id, other.trainee_id}


def test_only_an_unconditioned_period_queryset_counts_as_every_period(tenant_a, staff):
    from coaching.dashboard_selectors import _every_period
    from coaching.models import CoachingPeriod

    assert _every_period(CoachingPeriod.objects.all())
    assert not _every_period(CoachingPeriod.objects.filter(coach=staff.coach))
    assert not _every_period(CoachingPeriod.objects.none())
    assert not _every_period(CoachingPeriod.objects.all()[:5])
    assert not _every_period(CoachingPeriod.objects.all().union(CoachingPeriod.objects.all()))


def test_queries_do_not_grow_with_the_lists(tenant_a, staff, make_period, client_for):
    client = _client(client_for, tenant_a, staff.admin)
    _current(make_period)
    client.get("/tyopoyta/")
    with CaptureQueriesContext(connection) as small:
        client.get("/tyopoyta/")
    for _ in range(4):
        _current(make_period)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/tyopoyta/")
    assert response.status_code == 200
    assert len(large) == len(small)


@pytest.mark.parametrize("role", ["unit_supervisor", "trainee"])
def test_roles_outside_coaching_staff_are_refused(tenant_a, make_user, client_for, role):
    user = make_user(tenant_a, role=role)
    assert client_for(tenant_a, user).get("/tyopoyta/").status_code == 403


def test_navigation_follows_the_role(tenant_a, staff, make_user, client_for):
    coach_page = _client(client_for, tenant_a, staff.coach).get("/").content.decode()
    agent_page = _client(client_for, tenant_a, staff.agent).get("/").content.decode()
    supervisor = make_user(tenant_a, role="unit_supervisor")
    supervisor_page = _client(client_for, tenant_a, supervisor).get("/").content.decode()

    assert 'href="/tanaan/"' in coach_page
    assert 'href="/tyopoyta/"' in coach_page
    assert 'href="/admin/"' not in coach_page
    assert 'href="/tanaan/"' not in agent_page  # a career agent keeps no group day log
    assert 'href="/tyopoyta/"' in agent_page
    assert 'href="/tanaan/"' not in supervisor_page
    assert 'href="/tyopoyta/"' not in supervisor_page
    admin_page = _client(client_for, tenant_a, staff.admin).get("/").content.decode()
    assert 'href="/kayttoonotto/"' in admin_page
    assert 'href="/admin/"' not in admin_page  # the app never links a municipal admin there
