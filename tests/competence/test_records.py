"""Ticking requirements: where the trainee worked, evidence, revisions and acknowledgement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coaching import services as coaching_services
from competence import selectors, services
from competence.models import CompetenceEvidence, CompetenceRecord

from .conftest import DAY1, DAY2, DAY3, import_peruste, newer_version, peruste_data
from .test_recognition import YARD_UNIT, field_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(make_period):
    return make_period("coaching")


@pytest.fixture
def yard_environment(recognise, peruste, yard_unit):
    """The yard unit recognised for the whole yard-care unit of the qualification."""
    return recognise(work_unit=yard_unit, units=[peruste.unit(YARD_UNIT)])


def tick(staff, period, requirement, evidence, **extra):
    return services.competence_record_tick(
        actor=staff.coach, period=period, requirement=requirement, evidence=evidence, **extra
    )


def test_tick_in_the_unit_that_ordered_the_task(
    staff, period, peruste, tasks, log_day, yard_environment
):
    first = log_day(period, DAY1, tasks.yard)
    second = log_day(period, DAY2, tasks.yard, tasks.dishes)
    lawn = peruste.requirement("a9201")

    record = tick(staff, period, lawn, [second, first], additional_information=" Itsenäisesti ")

    assert record.reached is True
    assert record.environment == yard_environment
    assert record.reached_on == DAY2  # the last evidence day
    assert record.coach == staff.coach
    assert record.additional_information == "Itsenäisesti"
    assert record.revision == 1
    assert list(record.evidence.order_by("date")) == [first, second]
    assert list(selectors.competence_record_list(period=period)) == [record]


def test_a_site_recognition_covers_the_units_at_that_site(
    staff, period, peruste, tasks, log_day, recognise, site
):
    environment = recognise(site=site, units=[peruste.unit(YARD_UNIT)])
    entry = log_day(period, DAY1, tasks.yard)  # ordered by the yard unit, which is at ``site``

    record = tick(staff, period, peruste.requirement("a9202"), [entry])

    assert record.environment == environment


def test_work_elsewhere_does_not_allow_the_tick(
    staff, period, peruste, tasks, log_day, yard_environment, recognise, site
):
    # Snow work is ordered by a unit without a site; dishes by nobody.
    entry = log_day(period, DAY1, tasks.snow, tasks.dishes)
    recognise(site=site, units=[peruste.unit(YARD_UNIT)])

    with pytest.raises(ValidationError) as error:
        tick(staff, period, peruste.requirement("a9202"), [entry])
    assert field_of(error) == ["requirement"]
    assert not CompetenceRecord.objects.exists()


def test_unrecognised_requirement_cannot_be_ticked(
    staff, period, peruste, tasks, log_day, yard_environment
):
    entry = log_day(period, DAY1, tasks.yard)
    outside = peruste.requirement("a9101")  # property unit: not recognised anywhere

    with pytest.raises(ValidationError) as error:
        tick(staff, period, outside, [entry])
    assert field_of(error) == ["requirement"]


def test_placement_unit_counts_from_the_day_of_the_placement(
    staff, period, peruste, tasks, log_day, recognise, work_unit
):
    environment = recognise(work_unit=work_unit, units=[peruste.unit(YARD_UNIT)])
    before = log_day(period, DAY1, tasks.dishes)
    coaching_services.coaching_period_placement_set(
        actor=staff.admin, period=period, work_unit=work_unit
    )
    coaching_services.coaching_period_transition(
        period=period,
        to_phase="continued_coaching",
        actor=staff.admin,
        reason="Työkokeilu",
        at=timezone.make_aware(timezone.datetime(DAY2.year, DAY2.month, DAY2.day, 8)),
    )
    period.refresh_from_db()
    during = log_day(period, DAY3, tasks.dishes)
    lawn = peruste.requirement("a9201")

    with pytest.raises(ValidationError) as error:
        tick(staff, period, lawn, [before])
    assert field_of(error) == ["requirement"]

    record = tick(staff, period, lawn, [before, during])
    assert record.environment == environment
    assert record.reached_on == DAY3
    assert selectors.learning_environment_list_for_period(period=period) == [environment]


def test_evidence_must_be_present_days_of_this_period(
    staff, period, make_period, peruste, tasks, log_day, yard_environment
):
    lawn = peruste.requirement("a9201")
    other_period = make_period("coaching")
    foreign = log_day(other_period, DAY1, tasks.yard)
    absent = log_day(period, DAY2, attendance="absent_sick")
    own = log_day(period, DAY3, tasks.yard)

    for evidence in ([], [own, foreign], [own, absent]):
        with pytest.raises(ValidationError) as error:
            tick(staff, period, lawn, evidence)
        assert field_of(error) == ["evidence"]
    assert not CompetenceRecord.objects.exists()
    assert not CompetenceEvidence.objects.exists()


def test_chosen_environment_must_name_the_requirement_and_cover_the_work(
    staff, period, peruste, tasks, log_day, yard_environment, recognise, work_unit
):
    snow_unit_environment = recognise(work_unit=work_unit, units=[peruste.unit(YARD_UNIT)])
    narrow = recognise(
        work_unit=tasks.yard.ordering_unit, requirements=[peruste.requirement("a9203")]
    )
    entry = log_day(period, DAY1, tasks.yard)
    lawn = peruste.requirement("a9201")

    with pytest.raises(ValidationError) as error:
        tick(staff, period, lawn, [entry], environment=narrow)
    assert field_of(error) == ["environment"]
    with pytest.raises(ValidationError) as error:
        tick(staff, period, lawn, [entry], environment=snow_unit_environment)
    assert field_of(error) == ["environment"]

    record = tick(staff, period, lawn, [entry], environment=yard_environment)
    assert record.environment == yard_environment


def test_reached_on_is_checked(staff, period, peruste, tasks, log_day, yard_environment):
    first = log_day(period, DAY2, tasks.yard)
    lawn = peruste.requirement("a9201")

    for day in (timezone.localdate() + timedelta(days=1), DAY1):
        with pytest.raises(ValidationError) as error:
            tick(staff, period, lawn, [first], reached_on=day)
        assert field_of(error) == ["reached_on"]
    assert tick(staff, period, lawn, [first], reached_on=DAY3).reached_on == DAY3


def test_a_tick_is_made_once_and_can_be_withdrawn_and_made_again(
    staff, period, peruste, tasks, log_day, yard_environment
):
    entry = log_day(period, DAY1, tasks.yard)
    lawn = peruste.requirement("a9201")
    record = tick(staff, period, lawn, [entry])

    with pytest.raises(ValidationError) as error:
        tick(staff, period, lawn, [entry])
    assert field_of(error) == ["requirement"]

    # Anyone in the period's group may withdraw it; the record names who did.
    withdrawn = services.competence_record_untick(actor=staff.agent, record=record)
    assert (withdrawn.reached, withdrawn.revision, withdrawn.coach) == (False, 2, staff.agent)
    assert list(selectors.competence_record_list(period=period, reached_only=True)) == []
    with pytest.raises(ValidationError) as error:
        services.competence_record_untick(actor=staff.coach, record=record)
    assert field_of(error) == ["reached"]
    with pytest.raises(ValidationError) as error:
        services.competence_record_update(actor=staff.coach, record=record, reached_on=DAY1)
    assert field_of(error) == ["reached"]

    again = tick(staff, period, lawn, [entry])
    assert again.pk == record.pk
    assert (again.reached, again.revision) == (True, 3)
    assert CompetenceRecord.objects.count() == 1


def test_a_superseded_row_is_tickable_only_through_a_recognition_naming_it(
    staff, period, peruste, tasks, log_day, yard_environment
):
    old_row = peruste.requirement("a9201")
    import_peruste(newer_version(peruste_data(), yard_text="hoitaa nurmikoita"))
    new_row = peruste.requirement("a9201")
    entry = log_day(period, DAY1, tasks.yard)

    record = tick(staff, period, old_row, [entry])
    assert record.requirement == old_row
    with pytest.raises(ValidationError) as error:
        tick(staff, period, new_row, [entry])
    assert field_of(error) == ["requirement"]


def test_update_changes_evidence_and_makes_a_new_revision(
    staff, period, peruste, tasks, log_day, yard_environment
):
    first = log_day(period, DAY1, tasks.yard)
    second = log_day(period, DAY2, tasks.yard)
    record = tick(staff, period, peruste.requirement("a9201"), [first])

    same = services.competence_record_update(
        actor=staff.coach, record=record, evidence=[first], reached_on=DAY1
    )
    assert same.revision == 1

    changed = services.competence_record_update(
        actor=staff.agent,  # the period's career agent, also in the group
        record=record,
        evidence=[first, second],
        reached_on=DAY2,
        additional_information="Huolellinen",
    )
    assert (changed.revision, changed.reached_on, changed.coach) == (2, DAY2, staff.agent)
    assert changed.additional_information == "Huolellinen"
    assert set(changed.evidence.all()) == {first, second}

    absent = log_day(period, DAY3, attendance="absent_agreed")
    with pytest.raises(ValidationError) as error:
        services.competence_record_update(actor=staff.coach, record=record, evidence=[absent])
    assert field_of(error) == ["evidence"]
    record.refresh_from_db()
    assert record.revision == 2
    assert set(record.evidence.all()) == {first, second}


@pytest.mark.parametrize("role", ["unit_supervisor", "trainee"])
def test_only_coaching_staff_tick(
    make_user, tenant_a, period, peruste, tasks, log_day, yard_environment, role
):
    entry = log_day(period, DAY1, tasks.yard)
    with pytest.raises(PermissionDenied):
        services.competence_record_tick(
            actor=make_user(tenant_a, role=role),
            period=period,
            requirement=peruste.requirement("a9201"),
            evidence=[entry],
        )


def test_a_coach_outside_the_group_may_not_tick_change_or_withdraw(
    staff, period, peruste, tasks, log_day, yard_environment
):
    """Need-to-know holds for writes too: coach2 is not the period's coach or career agent."""
    first = log_day(period, DAY1, tasks.yard)
    second = log_day(period, DAY2, tasks.yard)
    lawn = peruste.requirement("a9201")

    with pytest.raises(PermissionDenied):
        services.competence_record_tick(
            actor=staff.coach2, period=period, requirement=lawn, evidence=[first]
        )
    assert not CompetenceRecord.objects.exists()

    record = tick(staff, period, lawn, [first])
    with pytest.raises(PermissionDenied):
        services.competence_record_update(
            actor=staff.coach2, record=record, evidence=[first, second], reached_on=DAY2
        )
    with pytest.raises(PermissionDenied):
        services.competence_record_untick(actor=staff.coach2, record=record)
    record.refresh_from_db()
    assert (record.reached, record.revision, record.coach) == (True, 1, staff.coach)
    assert list(record.evidence.all()) == [first]


def test_the_tenant_admin_may_tick_any_period(
    staff, period, peruste, tasks, log_day, yard_environment
):
    entry = log_day(period, DAY1, tasks.yard)

    record = services.competence_record_tick(
        actor=staff.admin, period=period, requirement=peruste.requirement("a9201"), evidence=[entry]
    )

    assert (record.reached, record.coach) == (True, staff.admin)


def test_a_handover_moves_the_right_to_tick_to_the_new_coach(
    staff, period, peruste, tasks, log_day, yard_environment
):
    entry = log_day(period, DAY1, tasks.yard)
    coaching_services.coaching_period_coach_assign(
        actor=staff.admin, period=period, coach=staff.coach2
    )
    period.refresh_from_db()
    lawn = peruste.requirement("a9201")

    with pytest.raises(PermissionDenied):
        services.competence_record_tick(
            actor=staff.coach, period=period, requirement=lawn, evidence=[entry]
        )
    record = services.competence_record_tick(
        actor=staff.coach2, period=period, requirement=lawn, evidence=[entry]
    )
    assert record.coach == staff.coach2


def test_trainee_acknowledges_and_a_later_change_needs_a_new_acknowledgement(
    staff, make_user, tenant_a, make_trainee, make_period, peruste, tasks, log_day, recognise
):
    recognise(work_unit=tasks.yard.ordering_unit, units=[peruste.unit(YARD_UNIT)])
    account = make_user(tenant_a, role="trainee")
    period = make_period("coaching", trainee=make_trainee(user=account))
    first = log_day(period, DAY1, tasks.yard)
    second = log_day(period, DAY2, tasks.yard)
    lawn = tick(staff, period, peruste.requirement("a9201"), [first])
    snow = tick(staff, period, peruste.requirement("a9202"), [first])

    assert services.competence_records_acknowledge(actor=account, period=period) == 2
    lawn.refresh_from_db()
    seen_at = lawn.acknowledged_at
    assert lawn.is_acknowledged
    assert lawn.acknowledged_revision == 1
    assert seen_at is not None
    assert selectors.competence_record_unacknowledged_list(period=period) == []
    assert services.competence_records_acknowledge(actor=account, period=period) == 0

    services.competence_record_update(
        actor=staff.coach, record=lawn, evidence=[first, second], reached_on=DAY2
    )
    lawn.refresh_from_db()
    assert not lawn.is_acknowledged
    assert (lawn.acknowledged_revision, lawn.acknowledged_at) == (1, seen_at)
    assert selectors.competence_record_unacknowledged_list(period=period) == [lawn]

    assert services.competence_records_acknowledge(actor=account, period=period) == 1
    lawn.refresh_from_db()
    snow.refresh_from_db()
    assert lawn.is_acknowledged
    assert lawn.acknowledged_revision == 2
    assert snow.acknowledged_at == seen_at


def test_only_the_trainee_acknowledges(
    staff, make_user, tenant_a, make_trainee, make_period, period
):
    account = make_user(tenant_a, role="trainee")
    own_period = make_period("coaching", trainee=make_trainee(user=account))
    for actor, target in ((staff.coach, own_period), (account, period)):
        with pytest.raises(PermissionDenied):
            services.competence_records_acknowledge(actor=actor, period=target)
