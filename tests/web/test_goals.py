"""The goals screens: a period's goals with their reviews, new goals, reviews and edits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coaching.models import Goal, GoalReview
from coaching.services.goals import goal_create, goal_review_record
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


def _client(client_for, tenant, user):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _goal(staff, period, text="Arjen rytmi", due=None):
    return goal_create(actor=staff.coach, period=period, text=text, review_due_on=due)


def test_the_goals_page_lists_goals_with_their_reviews_and_audits(
    tenant_a, staff, make_period, client_for
):
    period = make_period("coaching")
    goal = _goal(staff, period, due=date(2026, 4, 1))
    goal_review_record(
        actor=staff.coach,
        goal=goal,
        date=date(2026, 3, 20),
        note="Jaksaa neljä päivää",
        status="partly_achieved",
        next_review_on=date(2026, 4, 20),
    )
    response = _client(client_for, tenant_a, staff.coach).get(f"/jaksot/{period.pk}/tavoitteet/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Arjen rytmi" in page
    assert "Jaksaa neljä päivää" in page
    assert "20.4.2026" in page  # the next review
    assert f"/tavoitteet/{goal.pk}/arvio/" in page
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {period.trainee_id}
    assert "coaching.goal" in set(events.values_list("object_type", flat=True))


def test_the_trainee_page_and_the_period_link_to_the_goals(
    tenant_a, staff, make_period, client_for
):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    url = f"/jaksot/{period.pk}/tavoitteet/"
    assert url in client.get(f"/valmentautujat/{period.trainee_id}/").content.decode()
    assert url in client.get(f"/jaksot/{period.pk}/toiminnot/").content.decode()


def test_the_page_costs_the_same_queries_for_5_and_50_goals(
    tenant_a, staff, make_period, client_for
):
    period = make_period("coaching")
    client = _client(client_for, tenant_a, staff.coach)
    url = f"/jaksot/{period.pk}/tavoitteet/"

    def add(count):
        for index in range(count):
            goal = _goal(staff, period, text=f"Tavoite {index}")
            goal_review_record(
                actor=staff.agent, goal=goal, date=START_REVIEW, note="Hyvin", status="open"
            )

    add(5)
    client.get(url)  # warm the session and the settings cache
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    add(45)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty) == len(five)


START_REVIEW = date(2026, 3, 20)


def test_a_coach_sets_a_goal(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/tavoitteet/uusi/",
        {"text": " Hygieniapassi ", "source": "coaching", "review_due_on": "2026-05-04"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/jaksot/{period.pk}/tavoitteet/"
    goal = Goal.objects.get(period=period)
    assert (goal.text, goal.source, goal.review_due_on, goal.created_by) == (
        "Hygieniapassi",
        "coaching",
        date(2026, 5, 4),
        staff.coach,
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="coaching.goal", object_id=str(goal.pk)
    ).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "  ", "source": "coaching"}, "text", "This field is required."),
        (
            {"text": "x", "source": "coaching", "review_due_on": "2026-01-01"},
            "review_due_on",
            "A review cannot be due before the period starts.",
        ),
        ({"text": "x", "source": "nonsense"}, "source", "Select a valid choice."),
        (
            {"text": "x", "source": "coaching", "review_due_on": "not a date"},
            "review_due_on",
            "Enter a valid date.",
        ),
    ],
)
def test_a_bad_goal_is_a_400_at_its_field(
    tenant_a, staff, make_period, client_for, data, field, message
):
    period = make_period("coaching")
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/jaksot/{period.pk}/tavoitteet/uusi/", data
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Goal.objects.filter(period=period).exists()


def test_a_review_keeps_the_history_and_returns_to_the_goal(
    tenant_a, staff, make_period, client_for
):
    period = make_period("coaching")
    goal = _goal(staff, period)
    client = _client(client_for, tenant_a, staff.agent)
    form = client.get(f"/tavoitteet/{goal.pk}/arvio/")
    assert form.status_code == 200
    assert form.context["form"]["date"].value() == timezone.localdate()
    response = client.post(
        f"/tavoitteet/{goal.pk}/arvio/",
        {"date": "2026-03-20", "status": "achieved", "note": "Valmis", "next_review_on": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/jaksot/{period.pk}/tavoitteet/#goal-{goal.pk}"
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert goal.review_due_on is None
    review = GoalReview.objects.get(goal=goal)
    assert (review.from_status, review.to_status, review.reviewer) == (
        "open",
        "achieved",
        staff.agent,
    )


def test_a_review_in_the_future_is_a_400_at_the_date(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    goal = _goal(staff, period)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _client(client_for, tenant_a, staff.coach).post(
        f"/tavoitteet/{goal.pk}/arvio/",
        {"date": tomorrow.isoformat(), "status": "achieved", "note": "Valmis"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["date"]
    assert response.context["form"]["note"].value() == "Valmis"  # the input is kept
    assert not GoalReview.objects.exists()


def test_editing_a_goal_keeps_its_status_and_reviews(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    goal = _goal(staff, period)
    goal_review_record(
        actor=staff.coach, goal=goal, date=START_REVIEW, note="Alku", status="partly_achieved"
    )
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get(f"/tavoitteet/{goal.pk}/muokkaa/").context["form"]["text"].value() == (
        "Arjen rytmi"
    )
    response = client.post(
        f"/tavoitteet/{goal.pk}/muokkaa/", {"text": "Arjen rytmi ja uni", "review_due_on": ""}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.status, goal.reviews.count()) == (
        "Arjen rytmi ja uni",
        "partly_achieved",
        1,
    )
    refused = client.post(f"/tavoitteet/{goal.pk}/muokkaa/", {"text": " "})
    assert refused.status_code == 400
    assert refused.context["form"].errors["text"]


def test_the_referrals_goals_are_taken_over_once(tenant_a, staff, client_for, make_trainee):
    from decimal import Decimal

    from coaching import services
    from coaching.models import ParticipationStatus, ServiceForm

    organisation = services.partner_organisation_create(
        actor=staff.admin, name="Työllisyysalue", kind="employment_area"
    )
    contact = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="Anna", is_case_manager=True
    )
    trainee = make_trainee()
    referral = services.referral_create(
        actor=staff.admin,
        trainee=trainee,
        case_manager=contact,
        legal_basis="employment_plan",
        legal_basis_date=date(2026, 3, 2),
        requested_status=ParticipationStatus.objects.get(code="work_trial"),
        service_form=ServiceForm.objects.get(code="service_assessment"),
        days_per_week=4,
        hours_per_day=Decimal(6),
        planned_start_on=date(2026, 3, 2),
        planned_end_on=date(2026, 8, 31),
        goals="Arjen rytmi\nAmmatin valinta",
    )
    period = services.coaching_period_create(
        actor=staff.admin,
        trainee=trainee,
        referral=referral,
        coach=staff.coach,
        start_on=date(2026, 3, 2),
        planned_end_on=date(2026, 8, 31),
    ).period
    client = _client(client_for, tenant_a, staff.coach)
    assert (
        "Take over the referral" in client.get(f"/jaksot/{period.pk}/tavoitteet/").content.decode()
    )
    for _ in range(2):
        assert client.post(f"/jaksot/{period.pk}/tavoitteet/lahetteesta/").status_code == 302
    assert sorted(Goal.objects.filter(period=period).values_list("text", flat=True)) == [
        "Ammatin valinta",
        "Arjen rytmi",
    ]


def test_another_coachs_goals_are_not_found(tenant_a, staff, make_period, client_for):
    period = make_period("coaching", coach=staff.coach2)
    goal = goal_create(actor=staff.coach2, period=period, text="Oma")
    client = _client(client_for, tenant_a, staff.coach)
    assert client.get(f"/jaksot/{period.pk}/tavoitteet/").status_code == 404
    assert client.post(f"/jaksot/{period.pk}/tavoitteet/uusi/", {"text": "x"}).status_code == 404
    assert client.get(f"/tavoitteet/{goal.pk}/arvio/").status_code == 404
    response = client.post(f"/tavoitteet/{goal.pk}/muokkaa/", {"text": "Vieras"})
    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.text == "Oma"


def test_roles_without_goals_are_refused(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    goal = _goal(staff, period)
    client = _client(client_for, tenant_a, staff.supervisor)
    assert client.get(f"/jaksot/{period.pk}/tavoitteet/").status_code == 403
    assert client.get(f"/tavoitteet/{goal.pk}/arvio/").status_code == 403
    # The tenant admin reads and manages every period's goals.
    admin = _client(client_for, tenant_a, staff.admin)
    assert admin.get(f"/jaksot/{period.pk}/tavoitteet/").status_code == 200


def test_the_dashboard_links_a_due_goal_to_its_review(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    goal = _goal(staff, period, due=timezone.localdate())
    page = _client(client_for, tenant_a, staff.coach).get("/tyopoyta/").content.decode()
    assert f"/tavoitteet/{goal.pk}/arvio/" in page
