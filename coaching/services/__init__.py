"""Coaching writes. Every function is one transaction with an explicit actor."""

from .assignments import task_assignment_create, task_assignment_level_change
from .daily_log import DailyEntryInput, TaskDone, daily_log_record
from .partners import (
    GROUP_PHASES,
    CapacityCheck,
    coach_capacity_check,
    coaching_settings_get,
    coaching_settings_update,
    partner_contact_create,
    partner_organisation_create,
)
from .periods import (
    ACTIVE_PHASES,
    OPEN_PHASES,
    PERIOD_TRANSITIONS,
    PeriodResult,
    coaching_period_coach_assign,
    coaching_period_create,
    coaching_period_end,
    coaching_period_placement_set,
    coaching_period_transition,
    follow_up_contact_record,
    legal_frame_for,
    period_status_add,
)
from .referrals import referral_attachment_add, referral_create
from .setup import tenant_defaults_seed

__all__ = [
    "ACTIVE_PHASES",
    "GROUP_PHASES",
    "OPEN_PHASES",
    "PERIOD_TRANSITIONS",
    "CapacityCheck",
    "DailyEntryInput",
    "PeriodResult",
    "TaskDone",
    "coach_capacity_check",
    "coaching_period_coach_assign",
    "coaching_period_create",
    "coaching_period_end",
    "coaching_period_placement_set",
    "coaching_period_transition",
    "coaching_settings_get",
    "coaching_settings_update",
    "daily_log_record",
    "follow_up_contact_record",
    "legal_frame_for",
    "partner_contact_create",
    "partner_organisation_create",
    "period_status_add",
    "referral_attachment_add",
    "referral_create",
    "task_assignment_create",
    "task_assignment_level_change",
    "tenant_defaults_seed",
]
