"""Task assignments and the history of difficulty-level changes."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import permission_required_for
from coaching.models import (
    CoachingPeriod,
    DifficultyLevel,
    TaskAssignment,
    TaskLevelChange,
    WorkTask,
)
from coaching.models.periods import OPEN_PHASES

from .common import refuse


@transaction.atomic
@permission_required_for("task.assign", obj="period")
def task_assignment_create(
    *,
    actor: User,
    period: CoachingPeriod,
    task: WorkTask,
    level: DifficultyLevel,
    reason: str = "",
) -> TaskAssignment:
    """Assign a catalogue task at a level; retired tasks stay in history but are not assignable."""
    if task.retired_at is not None:
        raise refuse("task", gettext("A retired task cannot be assigned."))
    if period.phase not in OPEN_PHASES:
        raise refuse("period", gettext("The period is no longer open."))
    if TaskAssignment.objects.filter(period=period, task=task).exists():
        raise refuse("task", gettext("The task is already assigned in this period."))
    assignment = TaskAssignment.objects.create(
        period=period, task=task, level=level, assigned_by=actor
    )
    TaskLevelChange.objects.create(
        assignment=assignment,
        from_level=None,
        to_level=level,
        reason=reason.strip() or gettext("Task assigned"),
        actor=actor,
    )
    return assignment


@transaction.atomic
@permission_required_for("task.assign", obj="assignment")
def task_assignment_level_change(
    *, actor: User, assignment: TaskAssignment, level: DifficultyLevel, reason: str
) -> TaskAssignment:
    """Change the trainee's level in a task; the reason is kept in the level history."""
    if not reason.strip():
        raise refuse("reason", gettext("Give a reason for the level change."))
    assignment = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.level_id == level.pk:
        raise refuse("level", gettext("The task is already at this level."))
    previous = assignment.level
    assignment.level = level
    assignment.save(update_fields=["level", "updated_at"])
    TaskLevelChange.objects.create(
        assignment=assignment,
        from_level=previous,
        to_level=level,
        reason=reason.strip(),
        actor=actor,
    )
    return assignment
