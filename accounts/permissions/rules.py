"""The rule table: every action, and per role the scope of objects the role may act on.

See ``accounts.permissions`` for the scopes; the admin's actions per model are at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

from accounts.models import User
from valmo import graph


class Scope(StrEnum):
    ANY = "any"
    OWN_GROUP = "own_group"
    PLACED = "placed"
    SELF = "self"
    SUPPORT = "support"
    PUBLIC = "public"


ADMIN = User.Role.TENANT_ADMIN
COACH = User.Role.WORK_COACH
AGENT = User.Role.CAREER_AGENT
SUPERVISOR = User.Role.UNIT_SUPERVISOR
TRAINEE = User.Role.TRAINEE
OPERATOR = User.Role.PLATFORM_OPERATOR
COORDINATOR = User.Role.REGIONAL_COORDINATOR
ANY, OWN, PLACED, SELF, SUPPORT, PUBLIC = (
    Scope.ANY,
    Scope.OWN_GROUP,
    Scope.PLACED,
    Scope.SELF,
    Scope.SUPPORT,
    Scope.PUBLIC,
)


@dataclass(frozen=True)
class Rule:
    action: str
    grants: Mapping[str, Scope]
    description: str
    # What the audit log records as the section and purpose of this action's events.
    section: str = "general"
    purpose: str = "coaching"
    # Reads under this action show trainee data, so views record a read event for them.
    trainee_data: bool = False
    # Signed-out visitors may use it too (sign-in pages, the welcome page).
    anonymous: bool = False
    # A service may run it without an actor (onboarding, periodic jobs, commands).
    system: bool = False
    extra: dict = field(default_factory=dict)


# Keyed by role value (``User.role`` is a plain string); the ``Role`` members are strings.
STAFF_OWN: dict[str, Scope] = {ADMIN: ANY, COACH: OWN, AGENT: OWN}
STAFF_ANY: dict[str, Scope] = {ADMIN: ANY, COACH: ANY, AGENT: ANY}
EVERYONE: dict[str, Scope] = dict.fromkeys(User.Role.values, ANY)

_RULES: list[Rule] = [
    # --- Trainee data -----------------------------------------------------------------------
    Rule(
        "trainee.list",
        {**STAFF_OWN, OPERATOR: SUPPORT},
        "List trainees (staff lists; a trainee uses their own record).",
        section="identity",
        trainee_data=True,
    ),
    Rule(
        "trainee.view",
        {**STAFF_OWN, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read a trainee's basic and contact data.",
        section="identity",
        trainee_data=True,
    ),
    Rule("trainee.create", STAFF_ANY, "Add a trainee.", section="identity", trainee_data=True),
    Rule(
        "trainee.change",
        STAFF_OWN,
        "Change a trainee's basic data.",
        section="identity",
        trainee_data=True,
    ),
    Rule(
        "trainee.account.manage",
        STAFF_OWN,
        "Give a trainee a sign-in (an e-mailed invitation or a one-time link) or disable it.",
        section="identity",
        trainee_data=True,
    ),
    Rule(
        "trainee.restricted.view",
        {COACH: OWN, AGENT: OWN, TRAINEE: SELF},
        "Read health and safety restrictions (restricted section).",
        section="health_safety",
        trainee_data=True,
    ),
    Rule(
        "trainee.social_welfare.view",
        {ADMIN: ANY, COACH: OWN, AGENT: OWN, TRAINEE: SELF},
        "Read the social-welfare status: participation statuses and referral basis.",
        section="social_welfare",
        trainee_data=True,
    ),
    Rule(
        "trainee.export",
        {ADMIN: ANY, TRAINEE: SELF},
        "Export everything about one trainee (data-subject access request).",
        section="all",
        purpose="data_subject_access",
        trainee_data=True,
    ),
    Rule(
        "trainee.erase",
        {ADMIN: ANY},
        "Erase a trainee where the law allows (a referral that never started).",
        section="all",
        purpose="erasure",
        trainee_data=True,
        system=True,
    ),
    Rule(
        "referral.view",
        {**STAFF_OWN, OPERATOR: SUPPORT},
        "Read referrals.",
        section="referral",
        trainee_data=True,
    ),
    Rule("referral.create", STAFF_OWN, "Record a referral.", section="referral", trainee_data=True),
    Rule(
        "referral.attachment.add",
        STAFF_OWN,
        "Attach a document to a referral.",
        section="referral",
        trainee_data=True,
    ),
    Rule(
        "period.view",
        {**STAFF_OWN, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read a coaching period in full.",
        section="period",
        trainee_data=True,
    ),
    Rule(
        "period.view_feedback",
        {**STAFF_OWN, SUPERVISOR: PLACED, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read what feedback on a placement needs: name, unit, dates, phase, tasks.",
        section="placement",
        trainee_data=True,
    ),
    Rule(
        "period.create", STAFF_ANY, "Open a coaching period.", section="period", trainee_data=True
    ),
    Rule(
        "period.assign_coach",
        STAFF_OWN,
        "Hand a period to another coach.",
        section="period",
        trainee_data=True,
    ),
    Rule(
        "period.transition",
        STAFF_OWN,
        "Change a period's phase (including ending it).",
        section="period",
        trainee_data=True,
    ),
    Rule(
        "period.placement",
        STAFF_OWN,
        "Place a trainee in a work unit.",
        section="period",
        trainee_data=True,
    ),
    Rule(
        "period.status",
        STAFF_OWN,
        "Add a participation status to a period.",
        section="social_welfare",
        trainee_data=True,
    ),
    Rule(
        "period.follow_up",
        STAFF_OWN,
        "Record a follow-up contact.",
        section="period",
        trainee_data=True,
    ),
    Rule(
        "task.assign",
        STAFF_OWN,
        "Assign tasks and change task levels.",
        section="tasks",
        trainee_data=True,
    ),
    Rule(
        "daily_log.record",
        {ADMIN: ANY, COACH: SELF},
        "Record a coach's group's day (the object is the coach).",
        section="daily_log",
        trainee_data=True,
    ),
    Rule(
        "daily_log.change",
        {ADMIN: ANY, COACH: OWN},
        "Correct or remove single daily-log rows (admin).",
        section="daily_log",
        trainee_data=True,
    ),
    Rule(
        "daily_log.view",
        {**STAFF_OWN, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read daily-log entries.",
        section="daily_log",
        trainee_data=True,
    ),
    # --- Learning diary, goals, activities, equipment (coaching) ------------------------------
    Rule(
        "diary.write",
        {TRAINEE: SELF},
        "Write and edit one's own learning diary (the service also requires the author).",
        section="diary",
        trainee_data=True,
    ),
    Rule(
        "diary.comment",
        STAFF_OWN,
        "Respond to a diary entry the trainee has shared.",
        section="diary",
        trainee_data=True,
    ),
    Rule(
        "diary.view",
        {**STAFF_OWN, TRAINEE: SELF},
        "Read diary entries (staff: shared ones only, filtered where they are listed).",
        section="diary",
        trainee_data=True,
    ),
    Rule(
        "goal.manage",
        STAFF_OWN,
        "Set goals and record goal reviews.",
        section="goals",
        trainee_data=True,
    ),
    Rule(
        "goal.view",
        {**STAFF_OWN, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read goals and their reviews.",
        section="goals",
        trainee_data=True,
    ),
    Rule(
        "activity.manage",
        STAFF_ANY,
        "Create coaching activities and record attendance (shared events of the environment).",
        section="activities",
        trainee_data=True,
    ),
    Rule("work_order.manage", STAFF_ANY, "Receive and run work orders from municipal units."),
    Rule(
        "work_order.unit",
        {SUPERVISOR: PLACED},
        "Order work for one's own work unit and follow its orders (the object is the unit or "
        "the order; staff run every order under work_order.manage).",
    ),
    # --- Unit supervisors: the placement's feedback and attendance ------------------------------
    Rule(
        "placement.feedback",
        {SUPERVISOR: PLACED},
        "Give the weekly placement feedback of a trainee placed with oneself.",
        section="placement",
        trainee_data=True,
    ),
    Rule(
        "placement.feedback.view",
        {**STAFF_OWN, SUPERVISOR: PLACED, OPERATOR: SUPPORT},
        "Read the weekly placement feedback (the coach read-only, the supervisor their own).",
        section="placement",
        trainee_data=True,
    ),
    Rule(
        "placement.attendance.view",
        {**STAFF_OWN, SUPERVISOR: PLACED, OPERATOR: SUPPORT},
        "Read which days a placed trainee was present or absent (never the daily log's notes).",
        section="daily_log",
        trainee_data=True,
    ),
    Rule(
        "equipment.manage",
        STAFF_OWN,
        "Issue and take back protective equipment and locker keys.",
        section="equipment",
        trainee_data=True,
    ),
    Rule(
        "equipment.view",
        {**STAFF_OWN, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read issued equipment and lockers.",
        section="equipment",
        trainee_data=True,
    ),
    Rule(
        "equipment.list",
        STAFF_OWN,
        "The staff's equipment and locker screens (a trainee sees their own elsewhere).",
        section="equipment",
        trainee_data=True,
    ),
    # --- Competence and the capacity indicator --------------------------------------------------
    Rule(
        "qualification.import",
        {OPERATOR: PUBLIC},
        "Import national qualification requirements (ePerusteet) for every municipality.",
        system=True,
    ),
    Rule(
        "competence.environment.manage",
        STAFF_ANY,
        "Recognise learning environments and map tasks to requirements.",
    ),
    Rule(
        "competence.record",
        STAFF_OWN,
        "Tick, change or withdraw competence records (the period's coach and career agent).",
        section="competence",
        trainee_data=True,
    ),
    Rule(
        "competence.acknowledge",
        {TRAINEE: SELF},
        "Acknowledge one's own competence records.",
        section="competence",
        trainee_data=True,
    ),
    Rule(
        "competence.certificate.issue",
        STAFF_OWN,
        "Issue or correct a competence certificate.",
        section="competence",
        trainee_data=True,
    ),
    Rule(
        "competence.view",
        {**STAFF_OWN, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read competence records and certificates.",
        section="competence",
        trainee_data=True,
    ),
    Rule(
        "final_summary.view",
        {**STAFF_OWN, TRAINEE: SELF},
        "Read final summaries, interim reports and their deliveries.",
        section="reports",
        trainee_data=True,
    ),
    Rule(
        "final_summary.write",
        STAFF_OWN,
        "Draft and co-author a final summary or an interim report; set the interim schedule.",
        section="reports",
        trainee_data=True,
    ),
    Rule(
        "final_summary.finalise",
        STAFF_OWN,
        "Finalise or correct a final summary or an interim report (a hashed version).",
        section="reports",
        trainee_data=True,
    ),
    Rule(
        "final_summary.acknowledge",
        {COACH: OWN, AGENT: OWN, TRAINEE: SELF},
        "Acknowledge one's own final summary (staff record an acknowledgement given in person).",
        section="reports",
        trainee_data=True,
    ),
    Rule(
        "final_summary.deliver",
        STAFF_OWN,
        "Deliver a finalised version to the referring case manager, or revoke the link.",
        section="reports",
        purpose="delivery_to_referrer",
        trainee_data=True,
    ),
    Rule(
        "capacity.instrument.manage",
        {ADMIN: ANY},
        "Define the municipality's own capacity instruments.",
    ),
    Rule(
        "capacity.instrument.sync",
        {ADMIN: ANY, OPERATOR: ANY},
        "Load the platform's capacity instruments (also at onboarding).",
        system=True,
    ),
    Rule(
        "capacity.assess",
        {**STAFF_OWN, SUPERVISOR: PLACED, TRAINEE: SELF},
        "Enter capacity assessments (the service also checks the rater type).",
        section="capacity",
        trainee_data=True,
    ),
    Rule(
        "capacity.view",
        {**STAFF_OWN, SUPERVISOR: PLACED, TRAINEE: SELF, OPERATOR: SUPPORT},
        "Read capacity assessments.",
        section="capacity",
        trainee_data=True,
    ),
    # --- Accounts -------------------------------------------------------------------------------
    Rule(
        "account.administer",
        {ADMIN: ANY, OPERATOR: PUBLIC},
        "Invite staff, set the sign-in policy and single sign-on: the tenant admin in the "
        "municipality, a platform operator on the public host only (never under support access).",
    ),
    # --- Audit log, support access, retention -------------------------------------------------
    Rule(
        "audit.view",
        {ADMIN: ANY, TRAINEE: SELF},
        "Read who has seen a trainee's data.",
        section="access_log",
        purpose="access_log_review",
        trainee_data=True,
    ),
    Rule(
        "audit.view_user",
        {ADMIN: ANY},
        "Read what one user has accessed.",
        section="access_log",
        purpose="access_log_review",
    ),
    Rule(
        "audit.export",
        {ADMIN: ANY},
        "Export the audit log for the data-protection officer.",
        section="access_log",
        purpose="dpo_export",
        system=True,
    ),
    Rule(
        "support_access.grant",
        {ADMIN: ANY},
        "Grant or revoke a platform operator's time-limited support access.",
        section="support",
        purpose="support",
    ),
    Rule(
        "retention.manage",
        {ADMIN: ANY},
        "Change retention rules.",
        section="retention",
        purpose="retention",
    ),
    Rule(
        "retention.run",
        {ADMIN: ANY},
        "Anonymise what is past retention.",
        section="all",
        purpose="retention",
        system=True,
    ),
    # --- Benchmarking (only disclosure-controlled aggregates leave a municipality) --------------
    Rule(
        "benchmarking.participation.change",
        {ADMIN: ANY},
        "Choose whether the municipality takes part in cross-municipality benchmarking.",
        section="benchmarking",
        purpose="benchmarking",
    ),
    Rule(
        "benchmarking.region.configure",
        {OPERATOR: PUBLIC},
        "Set an employment area's smallest published group (never below five).",
        section="benchmarking",
        purpose="benchmarking",
    ),
    Rule(
        "benchmarking.coordinator.assign",
        {OPERATOR: PUBLIC},
        "Choose the employment areas a regional coordinator may compare.",
        section="benchmarking",
        purpose="benchmarking",
        system=True,
    ),
    Rule(
        "benchmarking.run.view",
        {OPERATOR: PUBLIC},
        "Follow benchmarking runs: each municipality's status, failures and time.",
        section="benchmarking",
        purpose="benchmarking",
    ),
    Rule(
        "benchmarking.compare",
        {COORDINATOR: PUBLIC, OPERATOR: PUBLIC},
        "Compare the published figures of the municipalities of one's employment areas.",
        section="benchmarking",
        purpose="benchmarking",
    ),
    Rule(
        "benchmarking.own.view",
        {ADMIN: ANY, COACH: ANY},
        "See the municipality's published figures against its employment area's.",
        section="benchmarking",
        purpose="benchmarking",
    ),
    Rule(
        "benchmarking.run",
        {OPERATOR: PUBLIC},
        "Start a benchmarking run and publish its snapshots (also the periodic job).",
        section="benchmarking",
        purpose="benchmarking",
        system=True,
    ),
    # --- Configuration and staff work without trainee objects ----------------------------------
    Rule("coaching.staff", STAFF_ANY, "Coaching staff's work (no single trainee object)."),
    Rule(
        "configuration.view",
        {**STAFF_ANY, SUPERVISOR: ANY},
        "Read sites, work units and other configuration.",
    ),
    Rule("configuration.change", {ADMIN: ANY}, "Change the municipality's configuration."),
    Rule(
        "configuration.seed",
        {ADMIN: ANY, OPERATOR: ANY},
        "Seed the default configuration (also when an operator onboards the municipality).",
        system=True,
    ),
    Rule("settings.change", {ADMIN: ANY}, "Change the coaching settings."),
    Rule(
        "integration.manage",
        {ADMIN: ANY},
        "Create and revoke API keys, subscribe webhooks, re-send deliveries.",
        section="integrations",
    ),
    Rule("partner.manage", STAFF_ANY, "Add partner organisations and contacts."),
    Rule(
        "group_size.check", STAFF_ANY, "Check a coach's group size against the group-size limits."
    ),
    Rule(
        "catalogue.view",
        {**STAFF_ANY, SUPERVISOR: ANY, TRAINEE: ANY},
        "Read the task catalogue.",
    ),
    Rule(
        "catalogue.manage",
        {ADMIN: ANY},
        "Adapt the task catalogue: adopt national default sectors, add, change, retire tasks.",
    ),
    Rule(
        "self.documents.view",
        {TRAINEE: SELF},
        "The trainee's own pages: self-assessment, competence, documents and data (each read "
        "and write asks its own rule on the trainee's own records).",
    ),
    Rule(
        "self.view",
        {TRAINEE: SELF},
        "A trainee's own pages (/oma/): the shell and its navigation; each page reads with "
        "its own rule (daily_log.view, diary.view, goal.view, ...).",
    ),
    Rule(
        "dashboard.view",
        {**STAFF_ANY, SUPERVISOR: ANY, TRAINEE: ANY},
        "See the signed-in home page (counts only).",
    ),
    Rule("admin.site", STAFF_ANY, "Enter the admin site; each model admin checks its own rules."),
    Rule("public.page", EVERYONE, "Public pages and health checks.", anonymous=True),
    Rule("account.self_service", EVERYONE, "Sign in, sign out, own account.", anonymous=True),
    # --- Onboarding (public host) --------------------------------------------------------------
    Rule(
        "onboarding.manage",
        {OPERATOR: PUBLIC},
        "Create municipalities, follow their onboarding and decide on requests for one.",
    ),
    Rule(
        "onboarding.request",
        EVERYONE,
        "Ask on the public form for a municipality to be onboarded (an operator decides).",
        anonymous=True,
        system=True,
    ),
]

RULES: dict[str, Rule] = {rule.action: rule for rule in _RULES}
if len(RULES) != len(_RULES):  # pragma: no cover - guards the table above
    raise ImproperlyConfigured("Duplicate permission action")


def rule_for(action: str) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown permission action {action!r}") from None


@dataclass(frozen=True)
class AdminActions:
    """The actions a model's admin pages check; add and delete default to change."""

    view: str
    change: str
    add: str = ""
    delete: str = ""

    def for_operation(self, operation: str) -> str:
        return getattr(self, operation) or self.change


# Admin pages of trainee data, by model. A trainee-data model missing here is refused in the
# admin (and fails the registry test); other tenant models are configuration.
ADMIN_ACTIONS: dict[str, AdminActions] = {
    "coaching.trainee": AdminActions(
        "trainee.view", "trainee.change", add="trainee.create", delete="trainee.erase"
    ),
    "coaching.referral": AdminActions("referral.view", "referral.create"),
    "coaching.referralattachment": AdminActions("referral.view", "referral.attachment.add"),
    "coaching.referralrestriction": AdminActions(
        "trainee.restricted.view", "trainee.restricted.view"
    ),
    "coaching.coachingperiod": AdminActions(
        "period.view", "period.transition", add="period.create", delete="trainee.erase"
    ),
    "coaching.periodtransition": AdminActions("period.view", "period.transition"),
    "coaching.periodstatus": AdminActions("trainee.social_welfare.view", "period.status"),
    "coaching.grouplimitoverride": AdminActions("period.view", "settings.change"),
    "coaching.taskassignment": AdminActions("period.view", "task.assign"),
    "coaching.tasklevelchange": AdminActions("period.view", "task.assign"),
    "coaching.followupcontact": AdminActions("period.view", "period.follow_up"),
    "coaching.dailyentry": AdminActions("daily_log.view", "daily_log.change"),
    "coaching.dailyentrytask": AdminActions("daily_log.view", "daily_log.change"),
    "coaching.diaryentry": AdminActions("diary.view", "diary.comment"),
    "coaching.goal": AdminActions("goal.view", "goal.manage"),
    "coaching.goalreview": AdminActions("goal.view", "goal.manage"),
    "coaching.activityparticipant": AdminActions("period.view", "activity.manage"),
    "coaching.equipmentissue": AdminActions("equipment.view", "equipment.manage"),
    "coaching.lockerassignment": AdminActions("equipment.view", "equipment.manage"),
    "competence.competencerecord": AdminActions("competence.view", "competence.record"),
    "competence.competenceevidence": AdminActions("competence.view", "competence.record"),
    "competence.competencecertificate": AdminActions(
        "competence.view", "competence.certificate.issue"
    ),
    "capacity.assessment": AdminActions("capacity.view", "capacity.assess"),
    "reports.report": AdminActions("final_summary.view", "final_summary.write"),
    "reports.reportversion": AdminActions("final_summary.view", "final_summary.finalise"),
    "reports.reportfile": AdminActions("final_summary.view", "final_summary.finalise"),
    "reports.reportschedule": AdminActions("final_summary.view", "final_summary.write"),
    "reports.delivery": AdminActions("final_summary.view", "final_summary.deliver"),
    "capacity.answer": AdminActions("capacity.view", "capacity.assess"),
}
CONFIGURATION_ADMIN = AdminActions("configuration.view", "configuration.change")
ADMIN_ACTIONS_BY_CONFIG_MODEL: dict[str, AdminActions] = {
    "coaching.coachingsettings": AdminActions("configuration.view", "settings.change"),
    "coaching.partnerorganisation": AdminActions("configuration.view", "partner.manage"),
    "coaching.partnercontact": AdminActions("configuration.view", "partner.manage"),
    "coaching.tasksector": AdminActions("catalogue.view", "catalogue.manage"),
    "coaching.difficultylevel": AdminActions("catalogue.view", "catalogue.manage"),
    "coaching.worktask": AdminActions("catalogue.view", "catalogue.manage"),
    "coaching.worktasklevel": AdminActions("catalogue.view", "catalogue.manage"),
    "privacy.auditevent": AdminActions("audit.view_user", "audit.view_user"),
    "privacy.supportaccessgrant": AdminActions("support_access.grant", "support_access.grant"),
    "privacy.retentionrule": AdminActions("retention.manage", "retention.manage"),
    "privacy.retentionrecord": AdminActions("retention.manage", "retention.manage"),
}


def admin_actions_for(model: type[Model]) -> AdminActions | None:
    """The admin's actions for a model; None refuses it (unlisted trainee data)."""
    label = model._meta.label_lower
    if label in ADMIN_ACTIONS:
        return ADMIN_ACTIONS[label]
    if graph.is_trainee_data(model):
        return None
    return ADMIN_ACTIONS_BY_CONFIG_MODEL.get(label, CONFIGURATION_ADMIN)
