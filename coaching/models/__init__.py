"""Coaching data of one municipality (tenant schema); rules live in ``coaching.services``."""

from .activities import Activity, ActivityAttendance, ActivityParticipant, ActivityType
from .catalogue import (
    DifficultyLevel,
    LegalFrame,
    LocalFrame,
    ParticipationStatus,
    ServiceForm,
    Site,
    TargetGroup,
    TaskSector,
    TimeStampedModel,
    WorkTask,
    WorkTaskLevel,
    WorkUnit,
)
from .daily import Attendance, DailyEntry, DailyEntryTask
from .diary import DiaryEntry
from .equipment import EquipmentIssue, EquipmentType, Locker, LockerAssignment
from .feedback import FeedbackScore, PlacementFeedback
from .goals import Goal, GoalReview, GoalStatus
from .partners import CoachingSettings, PartnerContact, PartnerOrganisation
from .periods import (
    CoachingPeriod,
    FollowUpContact,
    GroupLimitOverride,
    Outcome,
    PeriodStatus,
    PeriodTransition,
    Phase,
    TaskAssignment,
    TaskLevelChange,
)
from .referrals import Referral, ReferralAttachment, ReferralRestriction
from .trainees import Trainee
from .work_orders import (
    WorkOrder,
    WorkOrderStatus,
    WorkOrderStatusChange,
    WorkOrderTask,
    WorkOrderTool,
)

__all__ = [
    "Activity",
    "ActivityAttendance",
    "ActivityParticipant",
    "ActivityType",
    "Attendance",
    "CoachingPeriod",
    "CoachingSettings",
    "DailyEntry",
    "DailyEntryTask",
    "DiaryEntry",
    "DifficultyLevel",
    "EquipmentIssue",
    "EquipmentType",
    "FeedbackScore",
    "FollowUpContact",
    "Goal",
    "GoalReview",
    "GoalStatus",
    "GroupLimitOverride",
    "LegalFrame",
    "LocalFrame",
    "Locker",
    "LockerAssignment",
    "Outcome",
    "ParticipationStatus",
    "PartnerContact",
    "PartnerOrganisation",
    "PeriodStatus",
    "PeriodTransition",
    "Phase",
    "PlacementFeedback",
    "Referral",
    "ReferralAttachment",
    "ReferralRestriction",
    "ServiceForm",
    "Site",
    "TargetGroup",
    "TaskAssignment",
    "TaskLevelChange",
    "TaskSector",
    "TimeStampedModel",
    "Trainee",
    "WorkOrder",
    "WorkOrderStatus",
    "WorkOrderStatusChange",
    "WorkOrderTask",
    "WorkOrderTool",
    "WorkTask",
    "WorkTaskLevel",
    "WorkUnit",
]
