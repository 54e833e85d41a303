"""Coaching periods, their phase history, participation statuses, tasks and follow-up."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint

from .catalogue import (
    DifficultyLevel,
    ParticipationStatus,
    TimeStampedModel,
    WorkTask,
    WorkUnit,
)
from .referrals import Referral
from .trainees import Trainee


class Phase(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INTAKE_ASSESSMENT = "intake_assessment", _("Intake assessment")
    PRE_COACHING = "pre_coaching", _("Pre-coaching")
    COACHING = "coaching", _("Coaching")
    CONTINUED_COACHING = "continued_coaching", _("Continued coaching")
    ENDED = "ended", _("Ended")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    INTERRUPTED = "interrupted", _("Interrupted")


# Phases in which a trainee belongs to the coach's group and counts toward capacity: a
# referred trainee already has a place reserved in the group.
GROUP_PHASES = frozenset(
    {Phase.REFERRED, Phase.INTAKE_ASSESSMENT, Phase.PRE_COACHING, Phase.COACHING}
    | {Phase.CONTINUED_COACHING}
)
# Phases in which the trainee takes part day to day (daily log, interruption possible).
ACTIVE_PHASES = frozenset(
    {Phase.INTAKE_ASSESSMENT, Phase.PRE_COACHING, Phase.COACHING, Phase.CONTINUED_COACHING}
)
# Open periods: a trainee may have only one at a time.
OPEN_PHASES = frozenset(GROUP_PHASES | {Phase.INTERRUPTED})


class Outcome(models.TextChoices):
    OPEN_MARKET_WORK = "open_market_work", _("Open-market work")
    SUBSIDISED_WORK = "subsidised_work", _("Subsidised work")
    EDUCATION = "education", _("Education")
    PENSION = "pension", _("Pension")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    OTHER_SERVICE = "other_service", _("Other service")
    DISCONTINUED = "discontinued", _("Discontinued")
    UNKNOWN = "unknown", _("Unknown")


# OPEN_PHASES as a list in a fixed order, for the partial unique index (a frozenset's order
# would change the migration's condition from run to run).
OPEN_PHASE_VALUES = [
    Phase.REFERRED,
    Phase.INTAKE_ASSESSMENT,
    Phase.PRE_COACHING,
    Phase.COACHING,
    Phase.CONTINUED_COACHING,
    Phase.INTERRUPTED,
]


class CoachingPeriod(TimeStampedModel):
    # Reachable from the model, so layers that find it through the app registry (privacy's
    # retention) need not import coaching.
    Phase = Phase
    Outcome = Outcome
    """One trainee's period in the environment; the phase changes only through services."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="periods"
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="periods",
    )
    phase = models.CharField(
        _("phase"), max_length=30, choices=Phase.choices, default=Phase.REFERRED
    )
    phase_before_interruption = models.CharField(
        _("phase before interruption"), max_length=30, choices=Phase.choices, blank=True
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("work coach"),
        on_delete=models.PROTECT,
        related_name="coached_periods",
    )
    career_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("career agent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agent_periods",
    )
    placement_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("placement work unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    placement_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placement supervisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_placements",
    )
    start_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    follow_up_due_on = models.DateField(_("follow-up due"), null=True, blank=True)

    class Meta:
        ordering = ["-start_on", "-pk"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(start_on__lte=models.F("planned_end_on")),
                name="coachingperiod_dates_order",
                field="planned_end_on",
                violation_error_message=_("The planned end is before the start."),
            ),
            FieldCheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(start_on__lte=models.F("ended_on")),
                name="coachingperiod_ended_order",
                field="ended_on",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            # The database backs the service rule: at most one open period per trainee.
            FieldUniqueConstraint(
                fields=["trainee"],
                condition=models.Q(phase__in=OPEN_PHASE_VALUES),
                name="coachingperiod_one_open_per_trainee",
                field="trainee",
                violation_error_message=_("The trainee already has an open coaching period."),
            ),
        ]
        indexes = [
            models.Index(fields=["coach", "phase"], name="coachingperiod_coach_phase"),
            # The lists' order (newest first) and each trainee's latest period (issue #15).
            models.Index(fields=["-start_on", "-id"], name="coachingperiod_start_desc"),
            models.Index(
                fields=["trainee", "-start_on", "-id"], name="coachingperiod_trainee_start"
            ),
        ]
        verbose_name = _("coaching period")
        verbose_name_plural = _("coaching periods")

    def __str__(self) -> str:
        return f"{self.trainee} {self.start_on:%d.%m.%Y}"


class PeriodTransition(models.Model):
    """One phase change of a period: the full history, never edited."""

    period = models.ForeignKey(CoachingPeriod, on_delete=models.CASCADE, related_name="transitions")
    # Blank on the row that records the period's creation.
    from_phase = models.CharField(_("from phase"), max_length=30, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to phase"), max_length=30, choices=Phase.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["period", "at", "pk"]
        verbose_name = _("period transition")
        verbose_name_plural = _("period transitions")

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase}"


class GroupLimitOverride(models.Model):
    """A tenant admin's recorded decision to exceed a coach's hard group limit."""

    period = models.ForeignKey(
        CoachingPeriod, on_delete=models.CASCADE, related_name="group_limit_overrides"
    )
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    group_size = models.PositiveSmallIntegerField(_("group size"))
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("group-limit override")
        verbose_name_plural = _("group-limit overrides")

    def __str__(self) -> str:
        return f"{self.coach} {self.group_size}"


class PeriodStatus(TimeStampedModel):
    """The participation status in force for part of a period, checked against its legal frame."""

    period = models.ForeignKey(CoachingPeriod, on_delete=models.CASCADE, related_name="statuses")
    status = models.ForeignKey(
        ParticipationStatus,
        verbose_name=_("participation status"),
        on_delete=models.PROTECT,
        related_name="period_statuses",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(
        _("days per week"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    hours_per_day = models.DecimalField(_("hours per day"), max_digits=4, decimal_places=2)
    subsidy_type = models.CharField(_("subsidy type"), max_length=100, blank=True)

    class Meta:
        ordering = ["period", "valid_from"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="periodstatus_dates_order",
                field="valid_until",
                violation_error_message=_("The status cannot end before it starts."),
            )
        ]
        verbose_name = _("period participation status")
        verbose_name_plural = _("period participation statuses")

    def __str__(self) -> str:
        return f"{self.status} {self.valid_from:%d.%m.%Y}"


class FollowUpContact(models.Model):
    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone call")
        MEETING = "meeting", _("Meeting")
        MESSAGE = "message", _("Message")
        WORKPLACE_VISIT = "workplace_visit", _("Workplace visit")
        OTHER = "other", _("Other")

    period = models.ForeignKey(
        CoachingPeriod, on_delete=models.CASCADE, related_name="follow_up_contacts"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Where the trainee is at the follow-up (same choices as the period's outcome); blank when
    # the contact did not find out. Benchmarking publishes it as the follow-up outcome.
    outcome = models.CharField(
        _("situation at follow-up"), max_length=30, choices=Outcome.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["period", "date"]
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")

    def __str__(self) -> str:
        return f"{self.period} {self.date:%d.%m.%Y}"


class TaskAssignment(TimeStampedModel):
    """A catalogue task assigned to a trainee in a period, at the trainee's current level."""

    period = models.ForeignKey(
        CoachingPeriod, on_delete=models.CASCADE, related_name="task_assignments"
    )
    task = models.ForeignKey(
        WorkTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="assignments"
    )
    level = models.ForeignKey(
        DifficultyLevel, verbose_name=_("difficulty level"), on_delete=models.PROTECT
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["period", "task__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "task"], name="taskassignment_unique")
        ]
        verbose_name = _("task assignment")
        verbose_name_plural = _("task assignments")

    def __str__(self) -> str:
        return f"{self.task} / {self.level.level}"


class TaskLevelChange(models.Model):
    """Why a trainee's level in a task was set or changed."""

    assignment = models.ForeignKey(
        TaskAssignment, on_delete=models.CASCADE, related_name="level_changes"
    )
    from_level = models.ForeignKey(
        DifficultyLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_level = models.ForeignKey(DifficultyLevel, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["assignment", "at", "pk"]
        verbose_name = _("task level change")
        verbose_name_plural = _("task level changes")

    def __str__(self) -> str:
        return f"{self.assignment} → {self.to_level_id}"
