"""Checks: may this user do this action (to this object), and which rows may they reach."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from accounts.models import User
from valmo import graph
from valmo.tenancy import on_public_schema

from .rules import ANY, OWN, PLACED, PUBLIC, SELF, SUPPORT, Rule, Scope, rule_for

# --- Support access -------------------------------------------------------------------------

# Whether a platform operator holds an active support-access grant here. The grants are
# privacy's records (``privacy.support.active_support_grant``, registered in
# ``PrivacyConfig.ready``); until then no operator gets support scope.
_support_grant_lookup: Callable[[Any], Any] = lambda user: None  # noqa: E731


def support_grant_lookup_register(lookup: Callable[[Any], Any]) -> None:
    global _support_grant_lookup
    _support_grant_lookup = lookup


def active_support_grant(user):
    """The operator's active support-access grant in this municipality, if any."""
    return _support_grant_lookup(user)


# --- Checks ---------------------------------------------------------------------------------


def _scope_of(user, rule: Rule) -> Scope | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not user.is_active:
        return None
    scope = rule.grants.get(user.role)
    if scope is SUPPORT and active_support_grant(user) is None:
        return None
    if scope is PUBLIC and not on_public_schema():
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
    if obj is None or scope in (ANY, SUPPORT, PUBLIC):
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
        return scope is PLACED and _unit_supervised(user, obj)
    trainee_id = graph.trainee_id_of(obj)
    if scope is SELF:
        trainee_model = graph.trainee_model()
        if isinstance(obj, trainee_model):
            return obj.user_id == user.pk  # type: ignore[attr-defined]  # a Trainee, found by label
        return (
            trainee_id is not None
            and trainee_model._default_manager.filter(pk=trainee_id, user_id=user.pk).exists()
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
        ._default_manager.filter(trainee_id=trainee_id)
        .values_list("coach_id", "career_agent_id", "placement_supervisor_id", "placement_unit_id")
    )
    if scope is OWN and not periods:
        return True  # the intake queue: no period yet
    return any(_period_matches(user, scope, *row) for row in periods)


def _unit_supervised(user, obj: Model) -> bool:
    """A configuration row of a work unit ``user`` supervises (PLACED outside trainee data)."""
    path = graph.unit_path(type(obj))
    if path is None:
        return False
    if path == "":
        return obj.supervisor_id == user.pk  # type: ignore[attr-defined]  # a WorkUnit, by label
    return type(obj)._default_manager.filter(pk=obj.pk, **{f"{path}__supervisor": user}).exists()


def _period_condition(user, scope: Scope, prefix: str) -> Q:
    if scope is OWN:
        return Q(**{f"{prefix}coach": user}) | Q(**{f"{prefix}career_agent": user})
    return Q(**{f"{prefix}placement_supervisor": user}) & Q(
        **{f"{prefix}placement_unit__isnull": False}
    )


def _trainee_level_condition(user, scope: Scope, trainee_ref: str) -> Q:
    periods = graph.period_model()._default_manager.filter(trainee=OuterRef(trainee_ref))
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
    if scope in (ANY, SUPPORT, PUBLIC):
        return queryset
    model = queryset.model
    if issubclass(model, User):
        return queryset.filter(pk=user.pk) if scope is SELF else queryset.none()
    trainee_path = graph.trainee_path(model)
    if trainee_path is None:
        unit_path = graph.unit_path(model)
        if scope is PLACED and unit_path is not None:
            lookup = f"{unit_path}__supervisor" if unit_path else "supervisor"
            return queryset.filter(**{lookup: user})
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
    return scope_queryset(user, action, graph.trainee_model()._default_manager.all())


def periods_visible_to(user, action: str = "period.view") -> QuerySet:
    return scope_queryset(user, action, graph.period_model()._default_manager.all())
