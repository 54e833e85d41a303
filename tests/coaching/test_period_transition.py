from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coaching import services
from coaching.models import CoachingPeriod, PeriodTransition

from .conftest import START, at

pytestmark = pytest.mark.django_db

PHASES = [
    "referred",
    "intake_assessment",
    "pre_coaching",
    "coaching",
    "continued_coaching",
    "ended",
    "follow_up",
    "closed",
]
ACTIVE = ["intake_assessment", "pre_coaching", "coaching", "continued_coaching"]

# (from phase, phase before interruption or None, to phase)
ALLOWED = [
    ("referred", None, "intake_assessment"),
    ("intake_assessment", None, "pre_coaching"),
    ("intake_assessment", None, "interrupted"),
    ("pre_coaching", None, "coaching"),
    ("pre_coaching", None, "interrupted"),
    ("coaching", None, "continued_coaching"),
    ("coaching", None, "ended"),
    ("coaching", None, "interrupted"),
    ("continued_coaching", None, "ended"),
    ("continued_coaching", None, "interrupted"),
    ("ended", None, "follow_up"),
    ("ended", None, "coaching"),
    ("follow_up", None, "closed"),
    *[("interrupted", phase, phase) for phase in ACTIVE],
    *[("interrupted", phase, "ended") for phase in ACTIVE],
]
REFUSED = [
    (source, None, target)
    for source in PHASES
    for target in [*PHASES, "interrupted"]
    if (source, None, target) not in ALLOWED
] + [
    ("interrupted", source, target)
    for source in ACTIVE
    for target in [*PHASES, "interrupted"]
    if target not in (source, "ended")
]


def _period_in(make_period, source, interrupted_from):
    if source == "interrupted":
        return make_period(interrupted_from=interrupted_from)
    return make_period(source)


def test_allowed_list_is_the_whole_transition_table():
    table = {
        (source, target)
        for source, targets in services.PERIOD_TRANSITIONS.items()
        for target in targets
    }
    assert table == {(source, target) for source, _, target in ALLOWED}


@pytest.mark.parametrize(("source", "interrupted_from", "target"), ALLOWED)
def test_allowed_transition_moves_phase_and_records_history(
    make_period, staff, work_unit, source, interrupted_from, target
):
    period = _period_in(make_period, source, interrupted_from)
    if target == "continued_coaching":
        services.coaching_period_placement_set(
            actor=staff.admin, period=period, work_unit=work_unit
        )
    if target == "ended":
        CoachingPeriod.objects.filter(pk=period.pk).update(outcome="education")
    before = PeriodTransition.objects.filter(period=period).count()

    result = services.coaching_period_transition(
        period=period, to_phase=target, actor=staff.coach, reason="perustelu", at=at(START, 20)
    )

    period.refresh_from_db()
    assert result.period.phase == target
    assert period.phase == target
    last = PeriodTransition.objects.filter(period=period).order_by("-at", "-pk").first()
    assert PeriodTransition.objects.filter(period=period).count() == before + 1
    assert (last.from_phase, last.to_phase, last.actor, last.at, last.reason) == (
        source,
        target,
        staff.coach,
        at(START, 20),
        "perustelu",
    )


@pytest.mark.parametrize(("source", "interrupted_from", "target"), REFUSED)
def test_refused_transition_changes_nothing(make_period, staff, source, interrupted_from, target):
    period = _period_in(make_period, source, interrupted_from)
    before = list(PeriodTransition.objects.filter(period=period).values_list("pk", flat=True))

    with pytest.raises(ValidationError) as error:
        services.coaching_period_transition(
            period=period, to_phase=target, actor=staff.admin, reason="syy", at=at(START, 20)
        )

    assert list(error.value.message_dict) == ["to_phase"]
    period.refresh_from_db()
    assert period.phase == source
    assert list(PeriodTransition.objects.filter(period=period).values_list("pk", flat=True)) == (
        before
    )


def test_full_history_of_a_period_in_order(make_period):
    period = make_period("closed")

    history = list(
        PeriodTransition.objects.filter(period=period).values_list("from_phase", "to_phase")
    )

    assert history == [
        ("", "referred"),
        ("referred", "intake_assessment"),
        ("intake_assessment", "pre_coaching"),
        ("pre_coaching", "coaching"),
        ("coaching", "ended"),
        ("ended", "follow_up"),
        ("follow_up", "closed"),
    ]


@pytest.mark.parametrize(
    ("source", "interrupted_from", "target"),
    [
        ("coaching", None, "interrupted"),
        ("interrupted", "coaching", "coaching"),
        ("ended", None, "coaching"),
    ],
)
def test_interruption_and_reopening_need_a_reason(
    make_period, staff, source, interrupted_from, target
):
    period = _period_in(make_period, source, interrupted_from)

    with pytest.raises(ValidationError) as error:
        services.coaching_period_transition(
            period=period, to_phase=target, actor=staff.coach, reason="  ", at=at(START, 20)
        )

    assert error.value.message_dict == {"reason": ["Give a reason for this change."]}


def test_continued_coaching_needs_a_placement(make_period, staff):
    period = make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.coaching_period_transition(
            period=period, to_phase="continued_coaching", actor=staff.coach, reason=""
        )

    assert error.value.message_dict == {
        "placement_unit": ["Continued coaching needs a placement work unit and its supervisor."]
    }


def test_placement_supervisor_must_be_a_unit_supervisor(make_period, staff, work_unit):
    period = make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.coaching_period_placement_set(
            actor=staff.admin, period=period, work_unit=work_unit, supervisor=staff.coach
        )

    assert list(error.value.message_dict) == ["supervisor"]
    period.refresh_from_db()
    assert period.placement_unit is None


def test_ending_without_outcome_is_refused(make_period, staff):
    period = make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.coaching_period_transition(
            period=period, to_phase="ended", actor=staff.coach, reason=""
        )

    assert error.value.message_dict == {"outcome": ["Record the outcome before ending the period."]}


def test_rule_messages_follow_the_active_language(make_period, staff):
    period = make_period("coaching")

    for language, expected in (
        ("fi", "Kirjaa lopputulos ennen jakson päättämistä."),
        ("sv", "Registrera resultatet innan perioden avslutas."),
    ):
        with translation.override(language), pytest.raises(ValidationError) as error:
            services.coaching_period_transition(
                period=period, to_phase="ended", actor=staff.coach, reason=""
            )
        assert error.value.message_dict == {"outcome": [expected]}


def test_ending_sets_follow_up_due_from_settings(make_period, staff):
    services.coaching_settings_update(actor=staff.admin, follow_up_months=4)
    period = make_period("coaching")

    services.coaching_period_end(
        actor=staff.coach, period=period, outcome="education", at=at(START.replace(day=31), 12)
    )

    period.refresh_from_db()
    assert (period.phase, period.outcome, str(period.ended_on), str(period.follow_up_due_on)) == (
        "ended",
        "education",
        "2026-03-31",
        "2026-07-31",
    )


def test_reopening_clears_the_end(make_period, staff):
    period = make_period("ended")

    services.coaching_period_transition(
        period=period, to_phase="coaching", actor=staff.coach, reason="työ ei alkanut"
    )

    period.refresh_from_db()
    assert (period.phase, period.outcome, period.ended_on, period.follow_up_due_on) == (
        "coaching",
        "",
        None,
        None,
    )


def test_failed_end_leaves_outcome_unwritten(make_period, staff):
    period = make_period("referred")

    with pytest.raises(ValidationError):
        services.coaching_period_end(actor=staff.coach, period=period, outcome="education")

    period.refresh_from_db()
    assert (period.phase, period.outcome) == ("referred", "")


def test_transition_dated_before_the_previous_one_is_refused(make_period, staff):
    period = make_period("intake_assessment")

    with pytest.raises(ValidationError) as error:
        services.coaching_period_transition(
            period=period, to_phase="pre_coaching", actor=staff.coach, reason="", at=at(START, 1)
        )

    assert list(error.value.message_dict) == ["at"]


def test_trainee_cannot_change_phases(make_period, make_user, tenant_a):
    period = make_period("referred")
    trainee_user = make_user(tenant_a, role="trainee")

    with pytest.raises(PermissionDenied):
        services.coaching_period_transition(
            period=period, to_phase="intake_assessment", actor=trainee_user, reason=""
        )


def test_coach_and_career_agent_roles_are_checked(staff, make_trainee):
    with pytest.raises(ValidationError) as error:
        services.coaching_period_create(
            actor=staff.admin,
            trainee=make_trainee(),
            coach=staff.agent,
            start_on=START,
            planned_end_on=START,
        )
    assert list(error.value.message_dict) == ["coach"]

    with pytest.raises(ValidationError) as error:
        services.coaching_period_create(
            actor=staff.admin,
            trainee=make_trainee(),
            coach=staff.coach,
            career_agent=staff.coach2,
            start_on=START,
            planned_end_on=START,
        )
    assert list(error.value.message_dict) == ["career_agent"]
    assert CoachingPeriod.objects.count() == 0


def test_second_open_period_for_a_trainee_is_refused(make_period, staff):
    period = make_period("coaching")

    with pytest.raises(ValidationError) as error:
        services.coaching_period_create(
            actor=staff.admin,
            trainee=period.trainee,
            coach=staff.coach,
            start_on=START,
            planned_end_on=START,
        )

    assert error.value.message_dict == {
        "trainee": ["The trainee already has an open coaching period."]
    }


def test_follow_up_contact_only_after_end(make_period, staff):
    open_period = make_period("coaching")
    ended = make_period("ended")

    with pytest.raises(ValidationError) as error:
        services.follow_up_contact_record(
            actor=staff.coach, period=open_period, date=START, kind="phone"
        )
    contact = services.follow_up_contact_record(
        actor=staff.coach, period=ended, date=START, kind="phone", note="Työ alkanut hyvin"
    )

    assert list(error.value.message_dict) == ["period"]
    assert (contact.period, contact.kind, contact.actor) == (ended, "phone", staff.coach)
    assert contact.outcome == ""

    found = services.follow_up_contact_record(
        actor=staff.coach, period=ended, date=START, kind="phone", outcome="education"
    )
    assert found.outcome == "education"
    with pytest.raises(ValidationError) as error:
        services.follow_up_contact_record(
            actor=staff.coach, period=ended, date=START, kind="phone", outcome="lottery_win"
        )
    assert list(error.value.message_dict) == ["outcome"]
