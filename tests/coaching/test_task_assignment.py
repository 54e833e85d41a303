from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coaching import services
from coaching.models import DifficultyLevel, TaskAssignment, TaskLevelChange, WorkTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(tenant_a):
    return {level.level: level for level in DifficultyLevel.objects.all()}


@pytest.fixture
def task(tenant_a):
    return WorkTask.objects.order_by("pk").first()


def test_assignment_and_level_changes_keep_their_reasons(staff, make_period, task, levels):
    period = make_period("coaching")

    assignment = services.task_assignment_create(
        actor=staff.coach, period=period, task=task, level=levels[1], reason="aloitus"
    )
    services.task_assignment_level_change(
        actor=staff.coach, assignment=assignment, level=levels[2], reason="sujuu ohjatusti"
    )
    services.task_assignment_level_change(
        actor=staff.coach, assignment=assignment, level=levels[3], reason="osin itsenäisesti"
    )

    assert TaskAssignment.objects.get(pk=assignment.pk).level == levels[3]
    assert list(
        TaskLevelChange.objects.filter(assignment=assignment).values_list(
            "from_level__level", "to_level__level", "reason"
        )
    ) == [
        (None, 1, "aloitus"),
        (1, 2, "sujuu ohjatusti"),
        (2, 3, "osin itsenäisesti"),
    ]


def test_level_change_needs_a_reason(staff, make_period, task, levels):
    assignment = services.task_assignment_create(
        actor=staff.coach, period=make_period("coaching"), task=task, level=levels[1]
    )

    with pytest.raises(ValidationError) as error:
        services.task_assignment_level_change(
            actor=staff.coach, assignment=assignment, level=levels[2], reason=""
        )

    assert error.value.message_dict == {"reason": ["Give a reason for the level change."]}
    assert TaskAssignment.objects.get(pk=assignment.pk).level == levels[1]
    assert TaskLevelChange.objects.filter(assignment=assignment).count() == 1


def test_retired_task_cannot_be_assigned(staff, make_period, task, levels):
    task.retired_at = timezone.now()
    task.save(update_fields=["retired_at"])

    with pytest.raises(ValidationError) as error:
        services.task_assignment_create(
            actor=staff.coach, period=make_period("coaching"), task=task, level=levels[1]
        )

    assert error.value.message_dict == {"task": ["A retired task cannot be assigned."]}
    assert TaskAssignment.objects.count() == 0


def test_same_task_twice_in_a_period_is_refused(staff, make_period, task, levels):
    period = make_period("coaching")
    services.task_assignment_create(actor=staff.coach, period=period, task=task, level=levels[1])

    with pytest.raises(ValidationError) as error:
        services.task_assignment_create(
            actor=staff.coach, period=period, task=task, level=levels[2]
        )

    assert list(error.value.message_dict) == ["task"]
