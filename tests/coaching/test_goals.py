from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching import selectors, services
from coaching.models import Goal, GoalReview, ParticipationStatus, ServiceForm

from .conftest import START, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred_period(staff, make_trainee):
    """A period whose referral lists three goals, one of them twice."""
    organisation = services.partner_organisation_create(
        actor=staff.admin, name="Työllisyysalue", kind="employment_area"
    )
    case_manager = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="Anna", is_case_manager=True
    )
    trainee = make_trainee()
    referral = services.referral_create(
        actor=staff.admin,
        trainee=trainee,
        case_manager=case_manager,
        legal_basis="employment_plan",
        legal_basis_date=START,
        requested_status=ParticipationStatus.objects.get(code="work_trial"),
        service_form=ServiceForm.objects.get(code="service_assessment"),
        days_per_week=4,
        hours_per_day=Decimal(6),
        planned_start_on=START,
        planned_end_on=date(2026, 8, 31),
        goals="- Arjen rytmi\n\n- Työkyvyn selvittäminen\n• Arjen rytmi\nAmmatin valinta\n",
    )
    return services.coaching_period_create(
        actor=staff.admin,
        trainee=trainee,
        referral=referral,
        coach=staff.coach,
        start_on=START,
        planned_end_on=date(2026, 8, 31),
    ).period


def test_reviews_keep_the_status_history(staff, make_period):
    goal = services.goal_create(
        actor=staff.coach, period=make_period("coaching"), text="Hygieniapassi"
    )

    services.goal_review_record(
        actor=staff.coach,
        goal=goal,
        date=date(2026, 4, 1),
        note="Opiskelee",
        status="open",
        next_review_on=date(2026, 5, 1),
    )
    services.goal_review_record(
        actor=staff.agent,
        goal=goal,
        date=date(2026, 5, 4),
        note="Testi läpi",
        status="achieved",
    )

    goal.refresh_from_db()
    assert (goal.status, goal.source, goal.review_due_on) == ("achieved", "intake", None)
    assert list(
        GoalReview.objects.filter(goal=goal).values_list(
            "date", "reviewer", "from_status", "to_status", "note"
        )
    ) == [
        (date(2026, 4, 1), staff.coach.pk, "open", "open", "Opiskelee"),
        (date(2026, 5, 4), staff.agent.pk, "open", "achieved", "Testi läpi"),
    ]


def test_review_of_a_closed_periods_goal_is_refused(staff, make_period):
    period = make_period("coaching")
    goal = services.goal_create(actor=staff.coach, period=period, text="Työpaikka")
    services.coaching_period_end(
        actor=staff.coach, period=period, outcome="open_market_work", at=at(date(2026, 4, 1))
    )
    # An ended period's goals are still reviewed, e.g. in the final summary.
    services.goal_review_record(
        actor=staff.coach,
        goal=goal,
        date=date(2026, 4, 2),
        note="Työsopimus allekirjoitettu",
        status="partly_achieved",
    )
    for phase in ("follow_up", "closed"):
        services.coaching_period_transition(
            period=period, to_phase=phase, actor=staff.coach, reason=""
        )

    with pytest.raises(ValidationError) as error:
        services.goal_review_record(
            actor=staff.coach, goal=goal, date=date(2026, 4, 2), note="Myöhässä", status="achieved"
        )

    assert error.value.message_dict == {
        "goal": ["The goals of a closed period can no longer be reviewed."]
    }
    goal.refresh_from_db()
    assert goal.status == "partly_achieved"
    assert GoalReview.objects.filter(goal=goal).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"note": "  "}, "note"),
        ({"date": timezone.localdate() + timedelta(days=1)}, "date"),
        ({"date": date(2026, 3, 1)}, "date"),
        ({"date": date(2026, 3, 31)}, "date"),  # before the previous review
        ({"next_review_on": date(2026, 4, 10)}, "next_review_on"),
    ],
)
def test_invalid_review_is_refused(staff, make_period, changes, field):
    goal = services.goal_create(actor=staff.coach, period=make_period("coaching"), text="x")
    services.goal_review_record(
        actor=staff.coach, goal=goal, date=date(2026, 4, 1), note="alku", status="open"
    )
    params = {"date": date(2026, 4, 10), "note": "Edistyy", "status": "partly_achieved"}

    with pytest.raises(ValidationError) as error:
        services.goal_review_record(actor=staff.coach, goal=goal, **(params | changes))

    assert list(error.value.message_dict) == [field]
    assert GoalReview.objects.filter(goal=goal).count() == 1
    assert Goal.objects.get(pk=goal.pk).status == "open"


@pytest.mark.parametrize(
    ("phase", "changes", "field"),
    [
        ("ended", {}, "period"),
        ("coaching", {"text": " "}, "text"),
        ("coaching", {"source": "wish"}, "source"),
        ("coaching", {"review_due_on": date(2026, 3, 1)}, "review_due_on"),
    ],
)
def test_invalid_goal_is_refused(staff, make_period, phase, changes, field):
    params = {"text": "Työkokeilupaikka", "source": "intake", "review_due_on": None}

    with pytest.raises(ValidationError) as error:
        services.goal_create(actor=staff.coach, period=make_period(phase), **(params | changes))

    assert list(error.value.message_dict) == [field]
    assert Goal.objects.count() == 0


def test_trainee_and_supervisor_cannot_set_goals(tenant_a, make_user, staff, make_period):
    period = make_period("coaching")

    for role in ("trainee", "unit_supervisor"):
        with pytest.raises(PermissionDenied):
            services.goal_create(actor=make_user(tenant_a, role=role), period=period, text="x")


def test_referral_goals_become_goals_once(staff, referred_period):
    first = services.goals_from_referral_create(
        actor=staff.coach, period=referred_period, review_due_on=date(2026, 4, 15)
    )
    again = services.goals_from_referral_create(actor=staff.coach, period=referred_period)

    assert [goal.text for goal in first] == [
        "Arjen rytmi",
        "Työkyvyn selvittäminen",
        "Ammatin valinta",
    ]
    assert again == []
    assert set(Goal.objects.values_list("source", "status", "review_due_on")) == {
        ("referral", "open", date(2026, 4, 15))
    }


def test_period_without_referral_goals_is_refused(staff, make_period):
    with pytest.raises(ValidationError) as error:
        services.goals_from_referral_create(actor=staff.coach, period=make_period("coaching"))

    assert error.value.message_dict == {"period": ["The period's referral states no goals."]}


def test_goals_due_for_review(staff, make_period):
    today = date(2026, 4, 15)
    active = make_period("coaching")

    def goal(period, due, status="open"):
        created = services.goal_create(
            actor=staff.coach, period=period, text=f"{due} {status}", review_due_on=due
        )
        Goal.objects.filter(pk=created.pk).update(status=status)
        return created

    overdue = goal(active, date(2026, 4, 1))
    due_soon = goal(active, date(2026, 4, 22), status="partly_achieved")
    goal(active, date(2026, 4, 23))  # beyond seven days
    goal(active, date(2026, 4, 10), status="achieved")
    goal(active, None)
    goal(make_period("referred"), date(2026, 4, 10))  # not yet active

    due = selectors.goals_due_for_review_list(today=today)

    assert [g.pk for g in due] == [overdue.pk, due_soon.pk]


def test_goal_list_carries_the_review_history(staff, make_period, django_assert_num_queries):
    period = make_period("coaching")
    for text in ("a", "b"):
        goal = services.goal_create(actor=staff.coach, period=period, text=text)
        services.goal_review_record(
            actor=staff.coach, goal=goal, date=date(2026, 4, 1), note=text, status="dropped"
        )

    # Goals, reviews and reviewers, each behind django-tenants' search-path statement.
    with django_assert_num_queries(6):
        rows = [
            (goal.text, [(r.note, r.to_status, r.reviewer.pk) for r in goal.reviews.all()])
            for goal in selectors.goal_list(period=period)
        ]

    assert rows == [
        ("a", [("a", "dropped", staff.coach.pk)]),
        ("b", [("b", "dropped", staff.coach.pk)]),
    ]
