from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coaching import selectors, services
from coaching.models import (
    DifficultyLevel,
    EquipmentIssue,
    EquipmentType,
    Locker,
    LockerAssignment,
    WorkTask,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


@pytest.fixture
def kind(tenant_a):
    return {t.name: t for t in EquipmentType.objects.all()}


@pytest.fixture
def trainee(make_period):
    return make_period("coaching").trainee


@pytest.fixture
def lockers(tenant_a):
    return [Locker.objects.create(number=str(n)) for n in (1, 2)]


def test_seeded_tasks_require_the_equipment_their_text_names(tenant_a):
    task = WorkTask.objects.get(name="Piha-alueiden siistiminen")

    assert task.protective_equipment == "Työkäsineet, huomioliivi"
    assert sorted(task.required_equipment.values_list("name", flat=True)) == [
        "Huomioliivi",
        "Työkäsineet",
    ]
    assert not WorkTask.objects.get(name="Ruokailun avustaminen").required_equipment.exists()


def test_issue_and_return_with_who_did_it(staff, trainee, kind):
    issue = services.equipment_issue(
        actor=staff.coach,
        trainee=trainee,
        equipment_type=kind["Turvakengät"],
        size="43",
        issued_on=DAY,
    )
    services.equipment_issue(actor=staff.coach, trainee=trainee, equipment_type=kind["Työkäsineet"])

    services.equipment_return(actor=staff.agent, issue=issue, returned_on=DAY + timedelta(days=30))

    stored = EquipmentIssue.objects.get(pk=issue.pk)
    assert (stored.size, stored.issued_by, stored.received_by) == ("43", staff.coach, staff.agent)
    assert [i.equipment_type.name for i in selectors.equipment_held_list(trainee=trainee)] == [
        "Työkäsineet"
    ]


def test_issue_rules(staff, make_period, trainee, kind):
    ended_trainee = make_period("ended").trainee
    inactive = kind["Suojalasit"]
    inactive.is_active = False
    inactive.save()
    cases = [
        ({"trainee": ended_trainee}, "trainee"),
        ({"equipment_type": inactive}, "equipment_type"),
        ({"issued_on": timezone.localdate() + timedelta(days=1)}, "issued_on"),
    ]

    for changes, field in cases:
        params = {"trainee": trainee, "equipment_type": kind["Huomioliivi"], "issued_on": DAY}
        with pytest.raises(ValidationError) as error:
            services.equipment_issue(actor=staff.coach, **(params | changes))
        assert list(error.value.message_dict) == [field]

    assert EquipmentIssue.objects.count() == 0


def test_return_rules(staff, trainee, kind):
    issue = services.equipment_issue(
        actor=staff.coach, trainee=trainee, equipment_type=kind["Huomioliivi"], issued_on=DAY
    )

    for returned_on in (DAY - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.equipment_return(actor=staff.coach, issue=issue, returned_on=returned_on)
        assert list(error.value.message_dict) == ["returned_on"]
    services.equipment_return(actor=staff.coach, issue=issue, returned_on=DAY)
    with pytest.raises(ValidationError) as error:
        services.equipment_return(actor=staff.coach, issue=issue)

    assert error.value.message_dict == {"returned_on": ["The item has already been returned."]}
    assert EquipmentIssue.objects.get(pk=issue.pk).returned_on == DAY


def test_trainee_cannot_issue_equipment(tenant_a, make_user, trainee, kind):
    with pytest.raises(PermissionDenied):
        services.equipment_issue(
            actor=make_user(tenant_a, role="trainee"),
            trainee=trainee,
            equipment_type=kind["Huomioliivi"],
        )


def test_missing_equipment_for_assigned_tasks(staff, make_period, kind):
    period = make_period("coaching")
    level = DifficultyLevel.objects.get(level=1)
    yard = WorkTask.objects.get(name="Piha-alueiden siistiminen")  # gloves, vest
    snow = WorkTask.objects.get(name="Lumityöt")  # winter shoes, vest
    for task in (yard, snow):
        services.task_assignment_create(actor=staff.coach, period=period, task=task, level=level)
    services.equipment_issue(
        actor=staff.coach, trainee=period.trainee, equipment_type=kind["Työkäsineet"]
    )
    returned = services.equipment_issue(
        actor=staff.coach, trainee=period.trainee, equipment_type=kind["Talvikengät"]
    )
    services.equipment_return(actor=staff.coach, issue=returned)
    # Tasks of another trainee's period do not count.
    other = make_period("coaching")
    cleaning = WorkTask.objects.get(name="Perussiivous")
    services.task_assignment_create(actor=staff.coach, period=other, task=cleaning, level=level)

    missing = {
        t.name: sorted(task.name for task in t.needed_for)
        for t in selectors.missing_equipment_list(trainee=period.trainee)
    }

    assert missing == {
        "Huomioliivi": ["Lumityöt", "Piha-alueiden siistiminen"],
        "Talvikengät": ["Lumityöt"],
    }


def test_tasks_of_an_ended_period_need_no_equipment(staff, make_period):
    period = make_period("coaching")
    services.task_assignment_create(
        actor=staff.coach,
        period=period,
        task=WorkTask.objects.get(name="Lumityöt"),
        level=DifficultyLevel.objects.get(level=1),
    )
    services.coaching_period_end(actor=staff.coach, period=period, outcome="education")

    assert list(selectors.missing_equipment_list(trainee=period.trainee)) == []


def test_locker_has_one_holder_at_a_time(staff, make_period, lockers):
    first, second = make_period("coaching").trainee, make_period("coaching").trainee
    held = services.locker_assign(
        actor=staff.coach, locker=lockers[0], trainee=first, key_issued_on=DAY
    )

    with pytest.raises(ValidationError) as error:
        services.locker_assign(actor=staff.coach, locker=lockers[0], trainee=second)
    assert error.value.message_dict == {
        "locker": ["The locker is already held by another trainee."]
    }

    services.locker_key_return(
        actor=staff.agent, assignment=held, key_returned_on=DAY + timedelta(days=5)
    )
    with pytest.raises(ValidationError) as error:
        services.locker_assign(
            actor=staff.coach, locker=lockers[0], trainee=second, key_issued_on=DAY
        )
    assert list(error.value.message_dict) == ["key_issued_on"]
    services.locker_assign(
        actor=staff.coach, locker=lockers[0], trainee=second, key_issued_on=DAY + timedelta(days=5)
    )

    assert list(
        LockerAssignment.objects.order_by("pk").values_list(
            "trainee", "key_returned_on", "received_by"
        )
    ) == [(first.pk, DAY + timedelta(days=5), staff.agent.pk), (second.pk, None, None)]
    assert [a.trainee for a in selectors.locker_holder_list()] == [second]
    assert list(selectors.free_locker_list()) == [lockers[1]]


def test_database_backs_the_one_holder_rule(staff, make_period, lockers):
    services.locker_assign(
        actor=staff.coach, locker=lockers[0], trainee=make_period("coaching").trainee
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        LockerAssignment.objects.create(
            locker=lockers[0],
            trainee=make_period("coaching").trainee,
            key_issued_on=DAY,
            issued_by=staff.coach,
        )


def test_locker_assignment_rules(staff, make_period, trainee, lockers):
    services.locker_assign(actor=staff.coach, locker=lockers[0], trainee=trainee)
    inactive = Locker.objects.create(number="99", is_active=False)
    cases = [
        (lockers[1], trainee, {}, "trainee"),  # already holds a locker
        (lockers[1], make_period("closed").trainee, {}, "trainee"),  # no open period
        (inactive, make_period("coaching").trainee, {}, "locker"),
        (
            lockers[1],
            make_period("coaching").trainee,
            {"key_issued_on": timezone.localdate() + timedelta(days=1)},
            "key_issued_on",
        ),
    ]

    for locker, holder, extra, field in cases:
        with pytest.raises(ValidationError) as error:
            services.locker_assign(actor=staff.coach, locker=locker, trainee=holder, **extra)
        assert list(error.value.message_dict) == [field]

    assert LockerAssignment.objects.count() == 1


def test_key_return_rules(staff, trainee, lockers):
    held = services.locker_assign(
        actor=staff.coach, locker=lockers[0], trainee=trainee, key_issued_on=DAY
    )

    for returned_on in (DAY - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.locker_key_return(
                actor=staff.coach, assignment=held, key_returned_on=returned_on
            )
        assert list(error.value.message_dict) == ["key_returned_on"]
    services.locker_key_return(actor=staff.coach, assignment=held)
    with pytest.raises(ValidationError) as error:
        services.locker_key_return(actor=staff.coach, assignment=held)

    assert error.value.message_dict == {"key_returned_on": ["The key has already been returned."]}
