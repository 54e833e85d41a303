"""The one permission layer: who may do what to which trainee's data.

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
- ``PLACED``: periods placed in a work unit with the user as the placement supervisor; outside
  trainee data, the rows of a work unit the user supervises (the unit, its work orders).
- ``SELF``: the trainee's own records (``Trainee.user``); for user objects, the user.
- ``SUPPORT``: a platform operator while a tenant admin's support-access grant is active.
- ``PUBLIC``: every object, but only on the public schema (the platform's own host).

Regional coordinators have no rule in a municipality's schema: they only see published
aggregates in the public schema. Anything not granted is refused.

Every view and service declares its action (``permission_action`` on views,
``permission_required_for`` on services); the test suite walks the URL confs and the service
modules and fails on anything undeclared.

The package splits by concern: ``rules`` (the table and the admin's actions per model),
``scopes`` (``can``/``require``/``scope_queryset``, support grants), ``decorators``
(``permission_required_for``, ``permission_action``) and ``registry`` (what each service and
URL declares). Import from the package, not the modules.
"""

from __future__ import annotations

from .decorators import permission_action, permission_required_for
from .registry import EXTERNAL_VIEW_ACTIONS, NAMESPACE_ACTIONS, SERVICE_ACTIONS, view_action
from .rules import (
    ADMIN,
    ADMIN_ACTIONS,
    ADMIN_ACTIONS_BY_CONFIG_MODEL,
    AGENT,
    ANY,
    COACH,
    CONFIGURATION_ADMIN,
    COORDINATOR,
    EVERYONE,
    OPERATOR,
    OWN,
    PLACED,
    PUBLIC,
    RULES,
    SELF,
    STAFF_ANY,
    STAFF_OWN,
    SUPERVISOR,
    SUPPORT,
    TRAINEE,
    AdminActions,
    Rule,
    Scope,
    admin_actions_for,
    rule_for,
)
from .scopes import (
    active_support_grant,
    can,
    periods_visible_to,
    require,
    scope_queryset,
    support_grant_lookup_register,
    trainees_visible_to,
)

__all__ = [
    "ADMIN",
    "ADMIN_ACTIONS",
    "ADMIN_ACTIONS_BY_CONFIG_MODEL",
    "AGENT",
    "ANY",
    "COACH",
    "CONFIGURATION_ADMIN",
    "COORDINATOR",
    "EVERYONE",
    "EXTERNAL_VIEW_ACTIONS",
    "NAMESPACE_ACTIONS",
    "OPERATOR",
    "OWN",
    "PLACED",
    "PUBLIC",
    "RULES",
    "SELF",
    "SERVICE_ACTIONS",
    "STAFF_ANY",
    "STAFF_OWN",
    "SUPERVISOR",
    "SUPPORT",
    "TRAINEE",
    "AdminActions",
    "Rule",
    "Scope",
    "active_support_grant",
    "admin_actions_for",
    "can",
    "periods_visible_to",
    "permission_action",
    "permission_required_for",
    "require",
    "rule_for",
    "scope_queryset",
    "support_grant_lookup_register",
    "trainees_visible_to",
    "view_action",
]
