"""Coaching data of one municipality (tenant schema); rules live in ``coaching.services``."""

from .catalogue import (
    DifficultyLevel,
    LegalFrame,
    ParticipationStatus,
    ServiceForm,
    Site,
    TargetGroup,
    TaskSector,
    TimeStampedModel,
    Trainee,
    WorkTask,
    WorkTaskLevel,
    WorkUnit,
)
from .daily import Attendance, DailyEntry, DailyEntryTask
from .partners import CoachingSettings, PartnerContact, PartnerOrganisation
from .periods import (
    CapacityOverride,
    CoachingPeriod,
    FollowUpContact,
    Outcome,
    PeriodStatus,
    PeriodTransition,
    Phase,
    TaskAssignment,
    TaskLevelChange,
)
from .referrals import Referral, ReferralAttachment, ReferralRestriction

__all__ = [
    "Attendance",
    "CapacityOverride",
    "CoachingPeriod",
    "CoachingSettings",
    "DailyEntry",
    "DailyEntryTask",
    "DifficultyLevel",
    "FollowUpContact",
    "LegalFrame",
    "Outcome",
    "ParticipationStatus",
    "PartnerContact",
    "PartnerOrganisation",
    "PeriodStatus",
    "PeriodTransition",
    "Phase",
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
    "WorkTask",
    "WorkTaskLevel",
    "WorkUnit",
]
