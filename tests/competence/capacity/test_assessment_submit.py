"""Recording assessments: who may rate, what may be answered, idempotence, locking."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competence.capacity import services
from competence.capacity.definitions import ScalePointDefinition, Text
from competence.capacity.models import Answer, Assessment

from .conftest import BASELINE_DAY, INTERIM_DAY, START

pytestmark = pytest.mark.django_db


def submit(actor, period, version, **overrides):
    arguments = {
        "actor": actor,
        "period": period,
        "version": version,
        "occasion": "baseline",
        "rater_type": "coach",
        "assessed_on": BASELINE_DAY,
        "answers": {"punctuality": 2, "agreements": 3},
        **overrides,
    }
    return services.capacity_assessment_submit(**arguments)


def _fields(error) -> list[str]:
    return list(error.value.message_dict)


def _answers(assessment) -> dict:
    return {
        answer.item.code: "not_observed" if answer.not_observed else answer.value
        for answer in Answer.objects.filter(assessment=assessment).select_related("item")
    }


@pytest.fixture
def period(make_period):
    return make_period("coaching")


@pytest.fixture
def trainee_user(tenant_a, make_user):
    return make_user(tenant_a, role="trainee")


def test_coach_assessment_stores_values_not_observed_and_leaves_missing_out(
    staff, period, coach_version
):
    assessment = submit(
        staff.coach,
        period,
        coach_version,
        answers={"punctuality": 2, "agreements": "not_observed", "safety": 4},
        note="  Ensimmäinen viikko. ",
    )

    assert _answers(assessment) == {"punctuality": 2, "agreements": "not_observed", "safety": 4}
    assert (assessment.rater, assessment.entered_by) == (staff.coach, staff.coach)
    assert assessment.instrument == coach_version.instrument
    assert assessment.note == "Ensimmäinen viikko."
    assert not assessment.is_final
    # The other 15 items are missing: no row at all, distinct from "not observed".
    assert Answer.objects.filter(assessment=assessment).count() == 3


def test_resubmitting_updates_the_same_assessment_and_replaces_its_answers(
    staff, period, coach_version
):
    first = submit(staff.coach, period, coach_version, answers={"punctuality": 2, "safety": 3})

    second = submit(
        staff.coach,
        period,
        coach_version,
        answers={"punctuality": 3, "agreements": "not_observed"},
        assessed_on=BASELINE_DAY + timedelta(days=1),
    )
    third = submit(
        staff.coach,
        period,
        coach_version,
        answers={"punctuality": 3, "agreements": "not_observed"},
        assessed_on=BASELINE_DAY + timedelta(days=1),
    )

    assert first.pk == second.pk == third.pk
    assert Assessment.objects.filter(period=period).count() == 1
    # "safety" was left out of the new submission, so it is now missing.
    assert _answers(third) == {"punctuality": 3, "agreements": "not_observed"}
    third.refresh_from_db()
    assert third.assessed_on == BASELINE_DAY + timedelta(days=1)


def test_each_rater_of_the_group_and_each_occasion_gets_its_own_assessment(
    staff, period, coach_version
):
    submit(staff.coach, period, coach_version)
    submit(staff.agent, period, coach_version)  # the period's career agent rates too
    submit(staff.coach, period, coach_version, occasion="interim", assessed_on=INTERIM_DAY)

    assert sorted(
        Assessment.objects.filter(period=period).values_list("occasion", "rater__email")
    ) == sorted(
        [
            ("baseline", staff.coach.email),
            ("baseline", staff.agent.email),
            ("interim", staff.coach.email),
        ]
    )


def test_finalised_assessment_is_locked(staff, period, coach_version):
    assessment = submit(staff.coach, period, coach_version, finalise=True)
    assert assessment.is_final
    assert assessment.finalised_by == staff.coach

    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, answers={"punctuality": 5})

    assert _fields(error) == ["occasion"]
    assert _answers(assessment) == {"punctuality": 2, "agreements": 3}


def test_finalise_later_and_twice(staff, period, coach_version):
    assessment = submit(staff.coach, period, coach_version)

    finalised = services.capacity_assessment_finalise(actor=staff.coach, assessment=assessment)
    first_time = finalised.finalised_at
    again = services.capacity_assessment_finalise(actor=staff.admin, assessment=assessment)

    assert again.finalised_at == first_time
    assert again.finalised_by == staff.coach


# --- Who may rate --------------------------------------------------------------------------


@pytest.mark.parametrize("rater_type", ["coach", "self"])
def test_a_coach_outside_the_group_may_not_assess(
    staff, period, coach_version, self_version, rater_type
):
    """coach2 is not the period's coach or career agent, so cannot write about the trainee."""
    version = coach_version if rater_type == "coach" else self_version

    with pytest.raises(PermissionDenied):
        submit(staff.coach2, period, version, rater_type=rater_type, answers={"safety": 3})
    assert not Assessment.objects.exists()


def test_the_groups_coach_enters_a_colleagues_rating(staff, period, coach_version):
    """A coach outside the group who saw the trainee work is the rater; the group's coach enters."""
    own = submit(staff.coach, period, coach_version)
    colleague = submit(staff.coach, period, coach_version, rater=staff.coach2)

    assert colleague.pk != own.pk
    assert (colleague.rater, colleague.entered_by) == (staff.coach2, staff.coach)


def test_a_coach_outside_the_group_may_not_finalise(staff, period, coach_version):
    assessment = submit(staff.coach, period, coach_version)

    with pytest.raises(PermissionDenied):
        services.capacity_assessment_finalise(actor=staff.coach2, assessment=assessment)
    assessment.refresh_from_db()
    assert not assessment.is_final


def test_the_tenant_admin_may_assess_any_period(staff, period, coach_version):
    assessment = submit(staff.admin, period, coach_version)

    assert (assessment.rater, assessment.entered_by) == (staff.admin, staff.admin)


def test_a_stale_copy_of_the_period_does_not_outlive_a_handover(staff, period, coach_version):
    """The scope is asked again on the locked row, not only on the caller's copy."""
    from coaching import services as coaching_services

    handed_over = coaching_services.coaching_period_coach_assign(
        actor=staff.admin, period=period, coach=staff.coach2
    ).period
    assert period.coach == staff.coach  # the caller's copy predates the handover

    with pytest.raises(PermissionDenied):
        submit(staff.coach, period, coach_version)
    assert not Assessment.objects.exists()
    assert submit(staff.coach2, handed_over, coach_version).rater == staff.coach2


def test_trainee_gives_their_own_self_assessment(
    staff, make_trainee, make_period, trainee_user, self_version
):
    period = make_period("coaching", trainee=make_trainee(user=trainee_user))

    assessment = submit(
        trainee_user,
        period,
        self_version,
        rater_type="self",
        answers={"punctuality": 4, "safety": "not_observed"},
    )

    assert (assessment.rater, assessment.entered_by) == (trainee_user, trainee_user)


def test_staff_may_enter_a_self_assessment_on_the_trainees_behalf(staff, period, self_version):
    assessment = submit(staff.coach, period, self_version, rater_type="self", answers={"safety": 3})

    # The trainee has no user account: the rater is empty, the coach is recorded as enterer.
    assert assessment.rater is None
    assert assessment.entered_by == staff.coach


def test_self_assessment_is_one_per_occasion_whoever_enters_it(
    staff, make_trainee, make_period, trainee_user, self_version
):
    period = make_period("coaching", trainee=make_trainee(user=trainee_user))
    on_behalf = submit(staff.coach, period, self_version, rater_type="self", answers={"safety": 2})

    own = submit(trainee_user, period, self_version, rater_type="self", answers={"safety": 4})

    assert own.pk == on_behalf.pk
    assert own.rater == trainee_user
    assert _answers(own) == {"safety": 4}


def test_another_trainee_may_not_rate(staff, period, make_user, tenant_a, self_version):
    stranger = make_user(tenant_a, role="trainee")

    with pytest.raises(PermissionDenied):
        submit(stranger, period, self_version, rater_type="self", answers={"safety": 3})
    assert not Assessment.objects.exists()


def test_trainee_may_not_give_a_coach_assessment(
    staff, make_trainee, make_period, trainee_user, coach_version
):
    period = make_period("coaching", trainee=make_trainee(user=trainee_user))

    with pytest.raises(PermissionDenied):
        submit(trainee_user, period, coach_version, rater_type="coach")


def test_self_assessment_rater_cannot_be_someone_else(staff, period, self_version):
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, self_version, rater_type="self", rater=staff.coach)

    assert _fields(error) == ["rater"]


def test_placement_supervisor_rates_their_own_period_only(
    staff, make_period, make_user, tenant_a, coach_version
):
    period = make_period("continued_coaching")
    assert period.placement_supervisor == staff.supervisor

    assessment = submit(
        staff.supervisor, period, coach_version, rater_type="supervisor", occasion="interim"
    )
    other_supervisor = make_user(tenant_a, role="unit_supervisor")

    assert assessment.rater == staff.supervisor
    with pytest.raises(PermissionDenied):
        submit(other_supervisor, period, coach_version, rater_type="supervisor")
    with pytest.raises(PermissionDenied):
        submit(staff.supervisor, period, coach_version, rater_type="coach")


def test_staff_may_enter_the_supervisors_assessment_but_not_name_another_rater(
    staff, make_period, coach_version
):
    period = make_period("continued_coaching")

    assessment = submit(staff.coach, period, coach_version, rater_type="supervisor")
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, rater_type="supervisor", rater=staff.coach2)

    assert (assessment.rater, assessment.entered_by) == (staff.supervisor, staff.coach)
    assert _fields(error) == ["rater"]


def test_supervisor_assessment_needs_a_placement_supervisor(staff, period, coach_version):
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, rater_type="supervisor")

    assert _fields(error) == ["rater_type"]


def test_coach_assessment_rater_must_be_coaching_staff(staff, period, coach_version):
    with pytest.raises(ValidationError) as error:
        submit(staff.admin, period, coach_version, rater=staff.supervisor)

    assert _fields(error) == ["rater"]


# --- What may be answered ------------------------------------------------------------------


def test_rater_type_must_be_allowed_by_the_instrument(staff, period, coach_version, self_version):
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, self_version, rater_type="coach", answers={"safety": 3})
    assert _fields(error) == ["rater_type"]
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, rater_type="self")
    assert _fields(error) == ["rater_type"]
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, rater_type="neighbour")
    assert _fields(error) == ["rater_type"]


@pytest.mark.parametrize(
    "answers",
    [
        {"punctuality": 6},
        {"punctuality": 0},
        {"punctuality": "3"},
        {"punctuality": True},
        {"punctuality": 2.5},
        {"punctuality": None},
        {"no_such_item": 3},
        {},
    ],
)
def test_answers_must_be_items_of_the_version_with_values_on_its_scale(
    staff, period, coach_version, answers
):
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, answers=answers)

    assert _fields(error) == ["answers"]
    assert not Assessment.objects.exists()


def test_every_bad_answer_is_reported(staff, period, coach_version):
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, answers={"punctuality": 9, "x": 1, "safety": 2})

    messages = error.value.message_dict["answers"]
    assert len(messages) == 2
    assert "punctuality" in messages[0]
    assert "x" in messages[1]


def test_not_observed_only_where_the_instrument_allows_it(staff, period):
    version = services.capacity_instrument_create(
        actor=staff.admin,
        code="ilman",
        name=Text(fi="Ilman ei havaittua"),
        rater_types=["coach"],
        scale=[ScalePointDefinition(1, Text(fi="Ei")), ScalePointDefinition(2, Text(fi="Kyllä"))],
    )
    dimension = services.capacity_dimension_add(
        actor=staff.admin, version=version, code="d", name=Text(fi="D")
    )
    services.capacity_item_add(
        actor=staff.admin,
        dimension=dimension,
        code="i",
        text=Text(fi="I"),
        anchors={1: Text(fi="Ei onnistu")},
    )
    version = services.capacity_version_publish(actor=staff.admin, version=version)

    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, version, answers={"i": "not_observed"})
    assessment = submit(staff.coach, period, version, answers={"i": 2})

    assert _fields(error) == ["answers"]
    assert _answers(assessment) == {"i": 2}


def test_occasion_must_be_one_the_instrument_uses(staff, period):
    version = services.capacity_instrument_create(
        actor=staff.admin,
        code="alku-loppu",
        name=Text(fi="Alku ja loppu"),
        rater_types=["coach"],
        occasions=["baseline", "final"],
        scale=[ScalePointDefinition(1, Text(fi="Ei")), ScalePointDefinition(2, Text(fi="Kyllä"))],
    )
    dimension = services.capacity_dimension_add(
        actor=staff.admin, version=version, code="d", name=Text(fi="D")
    )
    services.capacity_item_add(
        actor=staff.admin,
        dimension=dimension,
        code="i",
        text=Text(fi="I"),
        anchors={1: Text(fi="Ei onnistu")},
    )
    version = services.capacity_version_publish(actor=staff.admin, version=version)

    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, version, occasion="interim", answers={"i": 1})

    assert _fields(error) == ["occasion"]


def test_draft_versions_and_instruments_out_of_use_are_refused(staff, period, coach_version):
    draft = services.capacity_instrument_copy(
        actor=staff.admin, version=coach_version, code="kopio"
    )
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, draft)
    assert _fields(error) == ["version"]

    services.capacity_instrument_active_set(
        actor=staff.admin, instrument=coach_version.instrument, is_active=False
    )
    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version)
    assert _fields(error) == ["version"]


@pytest.mark.parametrize("days", [-1, "future"])
def test_date_must_be_within_the_period_and_not_in_the_future(staff, period, coach_version, days):
    day = START + timedelta(days=-1) if days == -1 else timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version, assessed_on=day)

    assert _fields(error) == ["assessed_on"]


def test_closed_period_is_refused(staff, make_period, coach_version):
    period = make_period("closed")

    with pytest.raises(ValidationError) as error:
        submit(staff.coach, period, coach_version)

    assert _fields(error) == ["period"]
    assert not Assessment.objects.exists()


def test_closing_the_period_also_locks_finalising(staff, make_period, coach_version):
    from coaching import services as coaching_services

    period = make_period("follow_up")
    assessment = submit(staff.coach, period, coach_version)
    coaching_services.coaching_period_transition(
        period=period, to_phase="closed", actor=staff.admin, reason="valmis"
    )

    with pytest.raises(ValidationError) as error:
        services.capacity_assessment_finalise(actor=staff.coach, assessment=assessment)

    assert _fields(error) == ["period"]
