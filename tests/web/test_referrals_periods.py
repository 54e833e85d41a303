"""Referral intake and period actions through the web app."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coaching import services
from coaching.models import CoachingPeriod, ParticipationStatus, ServiceForm
from privacy.models import AuditEvent
from tests.coaching.conftest import START

pytestmark = pytest.mark.django_db


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def make_referral(staff, make_trainee):
    organisation = services.partner_organisation_create(
        actor=staff.admin, name="Työllisyysalue", kind="employment_area"
    )
    case_manager = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="Anna", is_case_manager=True
    )

    def make(safety: str = "Ei nostoja yli 10 kg"):
        return services.referral_create(
            actor=staff.admin,
            trainee=make_trainee(),
            case_manager=case_manager,
            legal_basis="employment_plan",
            legal_basis_date=START,
            requested_status=ParticipationStatus.objects.get(code="work_trial"),
            service_form=ServiceForm.objects.get(code="service_assessment"),
            days_per_week=4,
            hours_per_day=Decimal(6),
            planned_start_on=START,
            planned_end_on=date(2026, 8, 31),
            goals="Arjen rytmi",
            safety_restrictions=safety,
        )

    return make


def test_the_intake_queue_lists_waiting_referrals_and_audits(
    tenant_a, staff, make_referral, client_for
):
    waiting = make_referral()
    response = _client(client_for, tenant_a, staff.coach).get("/lahetteet/")
    assert response.status_code == 200
    assert str(waiting.trainee) in response.content.decode()
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert waiting.trainee_id in set(events.values_list("trainee_id", flat=True))


def test_the_list_costs_the_same_queries_for_5_and_50(tenant_a, staff, make_referral, client_for):
    client = _client(client_for, tenant_a, staff.admin)
    for _ in range(5):
        make_referral()
    client.get("/lahetteet/")  # warm the session and the settings cache
    with CaptureQueriesContext(connection) as five:
        assert client.get("/lahetteet/").status_code == 200
    for _ in range(45):
        make_referral()
    with CaptureQueriesContext(connection) as fifty:
        assert client.get("/lahetteet/").status_code == 200
    assert len(fifty) == len(five)


def test_the_restricted_section_is_withheld_from_the_admin(
    tenant_a, staff, make_referral, client_for
):
    referral = make_referral(safety="Ei nostoja yli 10 kg")
    coach_page = _client(client_for, tenant_a, staff.coach).get(f"/lahetteet/{referral.pk}/")
    admin_page = _client(client_for, tenant_a, staff.admin).get(f"/lahetteet/{referral.pk}/")
    assert coach_page.status_code == admin_page.status_code == 200
    assert "Ei nostoja yli 10 kg" in coach_page.content.decode()
    assert "Ei nostoja yli 10 kg" not in admin_page.content.decode()
    assert "Withheld" in admin_page.content.decode()


def test_a_coach_accepts_a_referral_and_a_period_opens(tenant_a, staff, make_referral, client_for):
    referral = make_referral()
    client = _client(client_for, tenant_a, staff.coach)
    response = client.post(
        f"/lahetteet/{referral.pk}/hyvaksy/",
        {"coach": staff.coach.pk, "start_on": "2026-03-02", "planned_end_on": "2026-08-31"},
    )
    period = CoachingPeriod.objects.get(referral=referral)
    assert response.status_code == 302
    assert response["Location"] == f"/jaksot/{period.pk}/toiminnot/"
    assert period.phase == "referred"
    assert period.coach == staff.coach
    assert str(referral.trainee) not in client.get("/lahetteet/").content.decode()


def test_bad_accept_input_is_a_400_naming_the_field(tenant_a, staff, make_referral, client_for):
    referral = make_referral()
    client = _client(client_for, tenant_a, staff.coach)
    response = client.post(
        f"/lahetteet/{referral.pk}/hyvaksy/",
        {"coach": staff.coach.pk, "start_on": "2026-09-02", "planned_end_on": "2026-08-31"},
    )
    assert response.status_code == 400
    assert "The planned end is before the start." in response.content.decode()
    assert response.context["form"].errors["planned_end_on"]
    assert not CoachingPeriod.objects.filter(referral=referral).exists()
    garbage = client.post(f"/lahetteet/{referral.pk}/hyvaksy/", {"coach": "x", "start_on": "y"})
    assert garbage.status_code == 400


def test_moving_to_the_next_phase(tenant_a, staff, make_period, client_for):
    period = make_period("referred")
    client = _client(client_for, tenant_a, staff.coach)
    page = client.get(f"/jaksot/{period.pk}/toiminnot/")
    assert page.status_code == 200
    response = client.post(
        f"/jaksot/{period.pk}/vaihe/", {"to_phase": "intake_assessment", "reason": ""}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.phase == "intake_assessment"


@pytest.mark.parametrize(
    ("phase", "data", "field", "message"),
    [
        ("referred", {"to_phase": "coaching"}, "to_phase", "A period cannot move from"),
        ("coaching", {"to_phase": "interrupted"}, "reason", "Give a reason for this change."),
        (
            "pre_coaching",
            {"to_phase": "nonsense"},
            "to_phase",
            "Select a valid choice.",
        ),
    ],
)
def test_each_transition_error_is_at_its_field(
    tenant_a, staff, make_period, client_for, phase, data, field, message
):
    period = make_period(phase)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/vaihe/", {"reason": "", **data}
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    period.refresh_from_db()
    assert period.phase == phase


def test_continued_coaching_without_placement_is_refused_above_the_form(
    tenant_a, staff, make_trainee, client_for
):
    period = services.coaching_period_create(
        actor=staff.admin,
        trainee=make_trainee(),
        coach=staff.coach,
        start_on=START,
        planned_end_on=date(2026, 8, 31),
    ).period
    for phase in ("intake_assessment", "pre_coaching", "coaching"):
        services.coaching_period_transition(
            actor=staff.admin, period=period, to_phase=phase, reason="x"
        )
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/vaihe/", {"to_phase": "continued_coaching", "reason": ""}
    )
    assert response.status_code == 400
    assert "placement work unit" in response.content.decode()


def test_another_coachs_period_is_refused(tenant_a, staff, make_period, client_for):
    period = make_period("referred", coach=staff.coach2)
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get(f"/jaksot/{period.pk}/toiminnot/").status_code == 404
    response = client.post(f"/jaksot/{period.pk}/vaihe/", {"to_phase": "intake_assessment"})
    assert response.status_code == 404
    period.refresh_from_db()
    assert period.phase == "referred"


def test_a_supervisor_is_refused(tenant_a, staff, make_referral, client_for):
    referral = make_referral()
    client = _client(client_for, tenant_a, staff.supervisor)
    assert client.get("/lahetteet/").status_code == 403
    assert client.get(f"/lahetteet/{referral.pk}/").status_code == 403


def test_a_coach_declines_a_referral_with_a_reason(tenant_a, staff, make_referral, client_for):
    referral = make_referral()
    client = _client(client_for, tenant_a, staff.coach)
    response = client.post(
        f"/lahetteet/{referral.pk}/hylkaa/", {"decline-reason": "Ei ajankohtainen"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.decline_reason == "Ei ajankohtainen"
    assert referral.declined_by == staff.coach
    assert not CoachingPeriod.objects.filter(referral=referral).exists()
    assert str(referral.trainee) not in client.get("/lahetteet/").content.decode()
    page = client.get(f"/lahetteet/{referral.pk}/").content.decode()
    assert "Ei ajankohtainen" in page


def test_declining_without_a_reason_is_a_400_at_the_field(
    tenant_a, staff, make_referral, client_for
):
    referral = make_referral()
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/lahetteet/{referral.pk}/hylkaa/", {"decline-reason": "  "}
    )
    assert response.status_code == 400
    assert response.context["decline_form"].errors["reason"]
    referral.refresh_from_db()
    assert referral.declined_at is None


def test_ending_needs_the_outcome_at_its_field_then_ends(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    refused = client.post(f"/jaksot/{period.pk}/vaihe/", {"to_phase": "ended", "outcome": ""})
    assert refused.status_code == 400
    assert refused.context["form"].errors["outcome"]
    period.refresh_from_db()
    assert period.phase == "coaching"
    ended = client.post(
        f"/jaksot/{period.pk}/vaihe/", {"to_phase": "ended", "outcome": "education"}
    )
    assert ended.status_code == 302
    period.refresh_from_db()
    assert period.phase == "ended"
    assert period.outcome == "education"


def test_interruption_and_reopening(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    url = f"/jaksot/{period.pk}/vaihe/"
    assert client.post(url, {"to_phase": "interrupted", "reason": "Sairaus"}).status_code == 302
    assert client.post(url, {"to_phase": "coaching", "reason": "Palasi"}).status_code == 302
    period.refresh_from_db()
    assert period.phase == "coaching"
