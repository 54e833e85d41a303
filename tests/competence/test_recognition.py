"""Learning-environment recognition and the task-to-requirement mapping."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from competence import selectors, services
from competence.frameworks.models import Requirement
from competence.frameworks.selectors import requirement_list_for_unit
from competence.models import LearningEnvironment, RecognisedRequirement, WorkTaskRequirement

from .conftest import import_peruste, newer_version, peruste_data

pytestmark = pytest.mark.django_db

YARD_UNIT = 9100202
PROPERTY_UNIT = 9100201


def field_of(error: ValidationError) -> list[str]:
    return list(error.value.message_dict)


def test_recognising_a_unit_recognises_its_requirements(recognise, peruste, work_unit, staff):
    yard = peruste.unit(YARD_UNIT)
    environment = recognise(
        work_unit=work_unit,
        units=[yard],
        recogniser_title="Opettaja",
        report_url="https://www.paikko.fi/oppimisymparisto/testi/",
        description="Pihatyöt",
    )

    assert environment.place == work_unit
    assert environment.qualification_version == peruste.version
    assert environment.recorded_by == staff.admin
    assert (environment.recogniser_name, environment.recogniser_organisation) == (
        "Riitta Tunnistaja",
        "Riveria",
    )
    expected = list(requirement_list_for_unit(unit=yard))
    assert len(expected) == 3
    assert list(selectors.learning_environment_requirement_list(environment=environment)) == (
        expected
    )


def test_single_requirements_can_be_chosen(recognise, peruste, site):
    chosen = [peruste.requirement("a9101"), peruste.requirement("a9202")]
    environment = recognise(site=site, requirements=chosen)

    assert set(environment.requirements.all()) == set(chosen)
    assert list(selectors.learning_environment_list(site=site)) == [environment]
    assert list(selectors.learning_environment_list(work_unit=None, site=None)) == [environment]


@pytest.mark.parametrize("places", ["none", "both"])
def test_exactly_one_of_site_and_work_unit(recognise, peruste, site, work_unit, places):
    kwargs = {"site": site, "work_unit": work_unit} if places == "both" else {}
    with pytest.raises(ValidationError) as error:
        recognise(units=[peruste.unit(YARD_UNIT)], **kwargs)
    assert field_of(error) == ["site"]
    assert not LearningEnvironment.objects.exists()


def test_database_also_refuses_a_recognition_of_both(peruste, site, work_unit, staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningEnvironment.objects.create(
            site=site,
            work_unit=work_unit,
            qualification_version=peruste.version,
            recogniser_name="x",
            recogniser_organisation="y",
            recognised_on=date(2026, 1, 1),
            recorded_by=staff.admin,
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"recogniser_name": "  "}, "recogniser_name"),
        ({"recogniser_organisation": ""}, "recogniser_organisation"),
        ({"report_url": "not a link"}, "report_url"),
        ({"recognised_on": "tomorrow"}, "recognised_on"),
    ],
)
def test_recogniser_date_and_link_are_checked(staff, peruste, work_unit, changes, field):
    arguments = {
        "actor": staff.admin,
        "qualification": peruste.qualification,
        "work_unit": work_unit,
        "units": [peruste.unit(YARD_UNIT)],
        "recogniser_name": "Riitta Tunnistaja",
        "recogniser_organisation": "Riveria",
        "recognised_on": date(2026, 2, 1),
        **changes,
    }
    if arguments["recognised_on"] == "tomorrow":
        arguments["recognised_on"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.learning_environment_recognise(**arguments)
    assert field_of(error) == [field]
    assert not LearningEnvironment.objects.exists()


def test_nothing_chosen_is_refused(recognise, work_unit):
    with pytest.raises(ValidationError) as error:
        recognise(work_unit=work_unit)
    assert field_of(error) == ["requirements"]


def test_rows_must_be_valid_in_the_recognised_version(recognise, peruste, work_unit, staff):
    old_row = peruste.requirement("a9201")
    second = import_peruste(newer_version(peruste_data(), yard_text="hoitaa nurmikoita"))
    old_row.refresh_from_db()
    new_row = peruste.requirement("a9201")
    assert old_row.superseded_by == new_row

    # The current version knows only the new row, so the old one is refused ...
    with pytest.raises(ValidationError) as error:
        recognise(work_unit=work_unit, requirements=[old_row])
    assert field_of(error) == ["requirements"]
    # ... and the first version only the old one.
    with pytest.raises(ValidationError) as error:
        recognise(work_unit=work_unit, requirements=[new_row], version=peruste.version)
    assert field_of(error) == ["requirements"]

    then = recognise(work_unit=work_unit, requirements=[old_row], version=peruste.version)
    now = recognise(work_unit=work_unit, units=[peruste.unit(YARD_UNIT)])
    assert then.qualification_version == peruste.version
    assert now.qualification_version == second.version
    assert old_row in then.requirements.all()
    assert new_row in now.requirements.all()
    assert old_row not in now.requirements.all()


def test_rows_of_another_qualification_are_refused(recognise, peruste, work_unit):
    other_data = peruste_data()
    other_data["id"] = 9199999
    other = import_peruste(other_data)
    foreign = Requirement.objects.get(
        unit__qualification=other.qualification, code="ammattitaitovaatimukset_a9101"
    )

    with pytest.raises(ValidationError) as error:
        recognise(work_unit=work_unit, requirements=[foreign])
    assert field_of(error) == ["requirements"]
    foreign_unit = foreign.unit
    with pytest.raises(ValidationError) as error:
        recognise(work_unit=work_unit, units=[foreign_unit])
    assert field_of(error) == ["units"]


def test_version_of_another_qualification_is_refused(recognise, peruste, work_unit):
    other_data = peruste_data()
    other_data["id"] = 9199998
    other = import_peruste(other_data)
    with pytest.raises(ValidationError) as error:
        recognise(work_unit=work_unit, units=[peruste.unit(YARD_UNIT)], version=other.version)
    assert field_of(error) == ["version"]


@pytest.mark.parametrize("role", ["unit_supervisor", "trainee"])
def test_only_coaching_staff_recognise(make_user, tenant_a, peruste, work_unit, role):
    with pytest.raises(PermissionDenied):
        services.learning_environment_recognise(
            actor=make_user(tenant_a, role=role),
            qualification=peruste.qualification,
            work_unit=work_unit,
            units=[peruste.unit(YARD_UNIT)],
            recogniser_name="Riitta Tunnistaja",
            recogniser_organisation="Riveria",
            recognised_on=date(2026, 2, 1),
        )
    assert not LearningEnvironment.objects.exists()


def test_requirements_can_be_added_but_not_twice(recognise, peruste, work_unit, staff):
    environment = recognise(work_unit=work_unit, requirements=[peruste.requirement("a9201")])

    added = services.learning_environment_requirements_add(
        actor=staff.coach, environment=environment, units=[peruste.unit(YARD_UNIT)]
    )

    assert added == 2  # a9202 and a9203; a9201 was already recognised
    assert RecognisedRequirement.objects.filter(environment=environment).count() == 3
    with pytest.raises(ValidationError) as error:
        services.learning_environment_requirements_add(
            actor=staff.coach, environment=environment, units=[]
        )
    assert field_of(error) == ["requirements"]


def test_task_mapping_replaces_the_set(staff, peruste, tasks):
    a9201, a9202, a9203 = (peruste.requirement(code) for code in ("a9201", "a9202", "a9203"))

    services.work_task_requirements_set(actor=staff.coach, task=tasks.yard, requirements=[a9201])
    first = WorkTaskRequirement.objects.get(task=tasks.yard)
    links = services.work_task_requirements_set(
        actor=staff.coach, task=tasks.yard, requirements=[a9201, a9202]
    )
    assert [link.requirement for link in links] == [a9201, a9202]
    assert WorkTaskRequirement.objects.get(task=tasks.yard, requirement=a9201).pk == first.pk
    assert list(selectors.work_task_requirement_list(task=tasks.yard)) == [a9201, a9202]

    services.work_task_requirements_set(actor=staff.coach, task=tasks.yard, requirements=[a9203])
    assert list(selectors.work_task_requirement_list(task=tasks.yard)) == [a9203]


def test_new_mappings_need_current_rows_but_old_ones_may_stay(staff, peruste, tasks):
    old_row = peruste.requirement("a9201")
    services.work_task_requirements_set(actor=staff.coach, task=tasks.yard, requirements=[old_row])
    import_peruste(newer_version(peruste_data(), yard_text="hoitaa nurmikoita"))
    other = peruste.requirement("a9202")

    kept = services.work_task_requirements_set(
        actor=staff.coach, task=tasks.yard, requirements=[old_row, other]
    )
    assert {link.requirement_id for link in kept} == {old_row.pk, other.pk}
    with pytest.raises(ValidationError) as error:
        services.work_task_requirements_set(
            actor=staff.coach, task=tasks.snow, requirements=[old_row]
        )
    assert field_of(error) == ["requirements"]
    assert not WorkTaskRequirement.objects.filter(task=tasks.snow).exists()


def test_task_mapping_needs_staff(make_user, tenant_a, peruste, tasks):
    with pytest.raises(PermissionDenied):
        services.work_task_requirements_set(
            actor=make_user(tenant_a, role="trainee"),
            task=tasks.yard,
            requirements=[peruste.requirement("a9201")],
        )
