"""The one permission module: who may do what to which trainee's data.

Views, the API, the admin, services and exports all ask ``can``/``require`` here, and list
views narrow their querysets with ``scope_queryset`` (``trainees_visible_to``,
``periods_visible_to``), so a list never shows what a detail view would refuse.

A rule names an action (``"period.transition"``) and, per role, the scope of objects the role
may act on:

- ``ANY``: every object of the municipality (configuration; the tenant admin).
- ``OWN_GROUP``: periods where the user is the work coach or the career agent. Trainee-level
  records (the trainee, referrals) belong to the group when any of the trainee's periods does,
  and a trainee without any period yet (the intake queue) is visible to coaching staff so that
  someone can take them on. Period-level records (daily log, statuses, tasks) follow their own
  period: a coach who had the trainee years ago does not see the new coach's notes.
  Coaches do not see other coaches' trainees (need-to-know under the Finnish client-data
  law); handing a trainee over means reassigning the period's coach.
- ``PLACED``: periods placed in a work unit with the user as the placement supervisor.
- ``SELF``: the trainee's own records (``Trainee.user``); for user objects, the user.
- ``SUPPORT``: a platform operator while a tenant admin's support-access grant is active.

Regional coordinators have no rule in a municipality's schema: they only see published
aggregates in the public schema. Anything not granted is refused.

Every view and service declares its action (``permission_action`` on views,
``permission_required_for`` on services); the test suite walks the URL confs and the service
modules and fails on anything undeclared.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from privacy import audit, graph

from .models import User


class Scope(StrEnum):
    ANY = "any"
    OWN_GROUP = "own_group"
    PLACED = "placed"
    SELF = "self"
    SUPPORT = "support"


ADMIN = User.Role.TENANT_ADMIN
COACH = User.Role.WORK_COACH
AGENT = User.Role.CAREER_AGENT
SUPERVISOR = User.Role.UNIT_SUPERVISOR
TRAINEE = User.Role.TRAINEE
OPERATOR = User.Role.PLATFORM_OPERATOR
COORDINATOR = User.Role.REGIONAL_COORDINATOR
ANY, OWN, PLACED, SELF, SUPPORT = (
    Scope.ANY,
    Scope.OWN_GROUP,
    Scope.PLACED,
    Scope.SELF,
    Scope.SUPPORT,
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


STAFF_OWN = {ADMIN: ANY, COACH: OWN, AGENT: OWN}
STAFF_ANY = {ADMIN: ANY, COACH: ANY, AGENT: ANY}
EVERYONE = dict.fromkeys(User.Role.values, ANY)

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
    # --- Competence and the capacity indicator --------------------------------------------------
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
    # --- Accounts (declared by accounts.views/services, which check it themselves) -----------
    Rule(
        "account.administer",
        {ADMIN: ANY, OPERATOR: ANY},
        "Invite staff, set the sign-in policy and single sign-on (an operator on the public "
        "host; the services refuse operators on a municipality's host).",
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
        "dashboard.view",
        {**STAFF_ANY, SUPERVISOR: ANY, TRAINEE: ANY},
        "See the signed-in home page (counts only).",
    ),
    Rule("admin.site", STAFF_ANY, "Enter the admin site; each model admin checks its own rules."),
    Rule("public.page", EVERYONE, "Public pages and health checks.", anonymous=True),
    Rule("account.self_service", EVERYONE, "Sign in, sign out, own account.", anonymous=True),
]

RULES: dict[str, Rule] = {rule.action: rule for rule in _RULES}
if len(RULES) != len(_RULES):  # pragma: no cover - guards the table above
    raise ImproperlyConfigured("Duplicate permission action")

# Sections of the audit log by model; other models use their model name.
MODEL_SECTIONS = {
    "coaching.trainee": "identity",
    "coaching.referralrestriction": "health_safety",
    "coaching.periodstatus": "social_welfare",
}

# Service functions that check through this module: "module.function" -> action.
SERVICE_ACTIONS: dict[str, str] = {}

# Views we cannot decorate (third-party and platform): module prefix -> action.
EXTERNAL_VIEW_ACTIONS = {
    "allauth.": "account.self_service",
    # The admin site; every model admin checks its own actions (valmo.admin_scoping).
    "django.contrib.admin.": "admin.site",
    "django.contrib.auth.admin": "admin.site",
    "django.contrib.contenttypes.views": "admin.site",
    "valmo.admin_scoping": "admin.site",
    "django.views.i18n": "public.page",
    "valmo.health": "public.page",
    "valmo.views": "public.page",
}


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
    "capacity.answer": AdminActions("capacity.view", "capacity.assess"),
}
CONFIGURATION_ADMIN = AdminActions("configuration.view", "configuration.change")
ADMIN_ACTIONS_BY_CONFIG_MODEL: dict[str, AdminActions] = {
    "coaching.coachingsettings": AdminActions("configuration.view", "settings.change"),
    "coaching.partnerorganisation": AdminActions("configuration.view", "partner.manage"),
    "coaching.partnercontact": AdminActions("configuration.view", "partner.manage"),
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


def rule_for(action: str) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise ImproperlyConfigured(f"Unknown permission action {action!r}") from None


def section_of_model(model: type[Model]) -> str:
    label = model._meta.label_lower
    return MODEL_SECTIONS.get(label, model._meta.model_name)


# --- Support access -------------------------------------------------------------------------

_GRANT_CACHE_SECONDS = 30
_grant_generation = 0


def support_grants_changed() -> None:
    """Forget cached grants (called by the grant services)."""
    global _grant_generation
    _grant_generation += 1


def active_support_grant(user):
    """The platform operator's active support-access grant in this municipality, if any.

    Operators are public-schema accounts (they cannot sign in on a municipality's host); the
    grant names them by e-mail and ``privacy.support`` lets them into this schema's API.
    """
    if user is None or getattr(user, "role", None) != OPERATOR or not user.is_authenticated:
        return None
    if connection.schema_name == "public":
        return None
    now = time.monotonic()
    cached = getattr(user, "_valmo_support_grant", None)
    if (
        cached is not None
        and cached[0] == _grant_generation
        and cached[1] == connection.schema_name
        and now - cached[2] < _GRANT_CACHE_SECONDS
    ):
        grant = cached[3]
        return grant if grant is not None and grant.is_active() else None
    from privacy.models import SupportAccessGrant

    at = timezone.now()
    grant = (
        SupportAccessGrant.objects.filter(
            operator_email__iexact=user.email,
            revoked_at__isnull=True,
            starts_at__lte=at,
            ends_at__gt=at,
        )
        .order_by("-ends_at")
        .first()
    )
    user._valmo_support_grant = (_grant_generation, connection.schema_name, now, grant)
    return grant


# --- Checks ---------------------------------------------------------------------------------


def _scope_of(user, rule: Rule) -> Scope | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not user.is_active:
        return None
    scope = rule.grants.get(user.role)
    if scope is SUPPORT and active_support_grant(user) is None:
        return None
    return scope


def can(user, action: str, obj: Model | None = None) -> bool:
    """Tell whether ``user`` may perform ``action``, on ``obj`` when given.

    Without an object the answer is role-level (may this role do it to anything at all).
    """
    rule = rule_for(action)
    scope = _scope_of(user, rule)
    if scope is None:
        return rule.anonymous and obj is None
    if obj is None or scope in (ANY, SUPPORT):
        return True
    return _in_scope(user, scope, obj)


def require(user, action: str, obj: Model | None = None) -> None:
    """Raise PermissionDenied unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(gettext("You do not have permission to do this."))


def _period_matches(user, scope: Scope, coach_id, agent_id, supervisor_id, unit_id) -> bool:
    if scope is OWN:
        return user.pk in (coach_id, agent_id)
    if scope is PLACED:
        return supervisor_id == user.pk and unit_id is not None
    return False


def _in_scope(user, scope: Scope, obj: Model) -> bool:
    if isinstance(obj, User):
        return scope is SELF and obj.pk == user.pk
    model = type(obj)
    if graph.trainee_path(model) is None:
        return False
    trainee_id = graph.trainee_id_of(obj)
    if scope is SELF:
        trainee_model = graph.trainee_model()
        if isinstance(obj, trainee_model):
            return obj.user_id == user.pk
        return (
            trainee_id is not None
            and trainee_model.objects.filter(pk=trainee_id, user_id=user.pk).exists()
        )
    period = graph.period_of(obj) if graph.period_path(model) is not None else None
    if period is not None:
        return _period_matches(
            user,
            scope,
            period.coach_id,
            period.career_agent_id,
            period.placement_supervisor_id,
            period.placement_unit_id,
        )
    periods = list(
        graph.period_model()
        .objects.filter(trainee_id=trainee_id)
        .values_list("coach_id", "career_agent_id", "placement_supervisor_id", "placement_unit_id")
    )
    if scope is OWN and not periods:
        return True  # the intake queue: no period yet
    return any(_period_matches(user, scope, *row) for row in periods)


def _period_condition(user, scope: Scope, prefix: str) -> Q:
    if scope is OWN:
        return Q(**{f"{prefix}coach": user}) | Q(**{f"{prefix}career_agent": user})
    return Q(**{f"{prefix}placement_supervisor": user}) & Q(
        **{f"{prefix}placement_unit__isnull": False}
    )


def _trainee_level_condition(user, scope: Scope, trainee_ref: str) -> Q:
    periods = graph.period_model().objects.filter(trainee=OuterRef(trainee_ref))
    matching = Exists(periods.filter(_period_condition(user, scope, "")))
    if scope is OWN:
        return Q(matching) | ~Q(Exists(periods))
    return Q(matching)


def scope_queryset(user, action: str, queryset: QuerySet) -> QuerySet:
    """Narrow ``queryset`` to the rows ``user`` may reach under ``action``."""
    rule = rule_for(action)
    scope = _scope_of(user, rule)
    if scope is None:
        return queryset if rule.anonymous else queryset.none()
    if scope in (ANY, SUPPORT):
        return queryset
    model = queryset.model
    if issubclass(model, User):
        return queryset.filter(pk=user.pk) if scope is SELF else queryset.none()
    trainee_path = graph.trainee_path(model)
    if trainee_path is None:
        return queryset.none()
    if scope is SELF:
        lookup = f"{trainee_path}__user" if trainee_path else "user"
        return queryset.filter(**{lookup: user})
    trainee_ref = trainee_path or "pk"
    period_path = graph.period_path(model)
    if period_path is None:
        return queryset.filter(_trainee_level_condition(user, scope, trainee_ref))
    prefix = f"{period_path}__" if period_path else ""
    condition = _period_condition(user, scope, prefix)
    if period_path:
        condition |= Q(**{f"{period_path}__isnull": True}) & _trainee_level_condition(
            user, scope, trainee_ref
        )
    return queryset.filter(condition)


def trainees_visible_to(user, action: str = "trainee.view") -> QuerySet:
    return scope_queryset(user, action, graph.trainee_model().objects.all())


def periods_visible_to(user, action: str = "period.view") -> QuerySet:
    return scope_queryset(user, action, graph.period_model().objects.all())


# --- Declarations for services and views -------------------------------------------------------


def _target(obj: str | Callable[[dict], Any] | None, kwargs: dict):
    if obj is None:
        return None
    if callable(obj):
        return obj(kwargs)
    return kwargs.get(obj)


def permission_required_for(action: str, *, obj: str | Callable[[dict], Any] | None = None):
    """Declare and enforce a service's action; ``obj`` names the argument checked against.

    The check runs before the service body, and the call's writes are audited with the
    explicit ``actor``. Put it directly above ``def`` (below ``@transaction.atomic``) so the
    audit rows are inserted inside the service's transaction.
    """
    rule = rule_for(action)

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            actor = kwargs.get("actor")
            if not (actor is None and rule.system):
                require(actor, action, _target(obj, kwargs))
            with audit.service_context(actor=actor, purpose=rule.purpose, section=rule.section):
                return func(*args, **kwargs)

        wrapper.permission_action = action
        SERVICE_ACTIONS[f"{func.__module__}.{func.__qualname__}"] = action
        return wrapper

    return decorate


def permission_action(action: str):
    """Declare and enforce a function view's action (signed-out users go to sign-in)."""
    rule = rule_for(action)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule.anonymous and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.permission_action = action
        return wrapped

    return decorate


# URL namespaces whose views we cannot decorate: namespace -> action.
NAMESPACE_ACTIONS = {"admin": "admin.site"}


def view_action(callback, namespace: str = "", urlconf: str = "") -> str | None:
    """The action a URL's view declares (decorator, view class or DRF class), if any.

    Views we cannot decorate are matched by their module, their URL namespace or the module
    of the URL conf that includes them (e.g. allauth's redirects in ``allauth.urls``).
    """
    for holder in (
        callback,
        getattr(callback, "view_class", None),
        getattr(callback, "cls", None),
    ):
        action = getattr(holder, "permission_action", None) if holder is not None else None
        if action:
            return action
    holder = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    module = getattr(holder, "__module__", "") or ""
    for prefix, action in EXTERNAL_VIEW_ACTIONS.items():
        if module.startswith(prefix) or (urlconf and urlconf.startswith(prefix)):
            return action
    return NAMESPACE_ACTIONS.get(namespace.split(":")[0]) if namespace else None
