"""Coaching writes. Every function is one transaction with an explicit actor."""

from .activities import ParticipantInput, activity_attendance_record, activity_create
from .assignments import task_assignment_create, task_assignment_level_change
from .branding import brand_update
from .catalogue import (
    catalogue_sectors_adopt,
    difficulty_level_update,
    work_task_create,
    work_task_restore,
    work_task_retire,
    work_task_update,
)
from .daily_log import DailyEntryInput, TaskDone, daily_log_record
from .diary import diary_entry_comment, diary_entry_create, diary_entry_update
from .equipment import equipment_issue, equipment_return, locker_assign, locker_key_return
from .frames import local_frame_set, participation_status_update
from .goals import goal_create, goal_review_record, goals_from_referral_create
from .partners import (
    GroupSizeCheck,
    coach_group_size_check,
    coaching_settings_update,
    partner_contact_create,
    partner_contact_update,
    partner_organisation_create,
    partner_organisation_update,
)
from .periods import (
    PERIOD_TRANSITIONS,
    PeriodResult,
    coaching_period_coach_assign,
    coaching_period_create,
    coaching_period_end,
    coaching_period_placement_set,
    coaching_period_transition,
    follow_up_contact_record,
    legal_frame_for,
    period_in_phases_on,
    period_status_add,
)
from .placement_feedback import placement_feedback_record
from .referrals import (
    referral_attachment_add,
    referral_create,
    referral_decline,
    referral_intake,
)
from .service_forms import (
    service_form_create,
    service_form_update,
    target_group_create,
    target_group_update,
)
from .setup import tenant_defaults_seed
from .sites import (
    partner_organisation_add,
    site_create,
    site_update,
    work_unit_create,
    work_unit_update,
)
from .trainee_accounts import (
    trainee_account_active_set,
    trainee_account_invite,
    trainee_sign_in_link_create,
)
from .trainees import trainee_create, trainee_update
from .work_orders import (
    WORK_ORDER_TRANSITIONS,
    OrderedTask,
    work_order_assign,
    work_order_create,
    work_order_request,
    work_order_task_add,
    work_order_tool_lend,
    work_order_tool_return,
    work_order_transition,
    work_order_update,
)

__all__ = [
    "PERIOD_TRANSITIONS",
    "WORK_ORDER_TRANSITIONS",
    "DailyEntryInput",
    "GroupSizeCheck",
    "OrderedTask",
    "ParticipantInput",
    "PeriodResult",
    "TaskDone",
    "activity_attendance_record",
    "activity_create",
    "brand_update",
    "catalogue_sectors_adopt",
    "coach_group_size_check",
    "coaching_period_coach_assign",
    "coaching_period_create",
    "coaching_period_end",
    "coaching_period_placement_set",
    "coaching_period_transition",
    "coaching_settings_update",
    "daily_log_record",
    "diary_entry_comment",
    "diary_entry_create",
    "diary_entry_update",
    "difficulty_level_update",
    "equipment_issue",
    "equipment_return",
    "follow_up_contact_record",
    "goal_create",
    "goal_review_record",
    "goals_from_referral_create",
    "legal_frame_for",
    "local_frame_set",
    "locker_assign",
    "locker_key_return",
    "participation_status_update",
    "partner_contact_create",
    "partner_contact_update",
    "partner_organisation_add",
    "partner_organisation_create",
    "partner_organisation_update",
    "period_in_phases_on",
    "period_status_add",
    "placement_feedback_record",
    "referral_attachment_add",
    "referral_create",
    "referral_decline",
    "referral_intake",
    "service_form_create",
    "service_form_update",
    "site_create",
    "site_update",
    "target_group_create",
    "target_group_update",
    "task_assignment_create",
    "task_assignment_level_change",
    "tenant_defaults_seed",
    "trainee_account_active_set",
    "trainee_account_invite",
    "trainee_create",
    "trainee_sign_in_link_create",
    "trainee_update",
    "work_order_assign",
    "work_order_create",
    "work_order_request",
    "work_order_task_add",
    "work_order_tool_lend",
    "work_order_tool_return",
    "work_order_transition",
    "work_order_update",
    "work_task_create",
    "work_task_restore",
    "work_task_retire",
    "work_task_update",
    "work_unit_create",
    "work_unit_update",
]
