"""Every role × every action × object: own group, another coach's trainee, another tenant.

The expected tables are written out by hand. ``test_every_action_has_a_row`` fails when a rule
is added to ``accounts.permissions`` without deciding here who may use it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.permissions import RULES, can, periods_visible_to, trainees_visible_to
from tests.privacy.conftest import MARKER, OTHER_MARKER, client_of

pytestmark = pytest.mark.django_db

# Column order of the tables below.
ROLES = [
    "tenant_admin",
    "work_coach",
    "career_agent",
    "unit_supervisor",
    "trainee",
    "platform_operator",
    "platform_operator_granted",
    "regional_coordinator",
    "anonymous",
]

# Actions checked against an object. Each cell is own/other: "own" is the group of the work
# coach and career agent (placed with the unit supervisor; the trainee user's own record),
# "other" is another coach's trainee. Y allowed, N refused.
OBJECT_EXPECTED = {
    # action                         admin coach agent super train oper  oper+ coord anon
    "trainee.list":                 "YY    YN    YN    NN    NN    NN    YY    NN    NN",
    "trainee.view":                 "YY    YN    YN    NN    YN    NN    YY    NN    NN",
    "trainee.change":               "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "trainee.account.manage":       "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "trainee.restricted.view":      "NN    YN    YN    NN    YN    NN    NN    NN    NN",
    "trainee.social_welfare.view":  "YY    YN    YN    NN    YN    NN    NN    NN    NN",
    "trainee.export":               "YY    NN    NN    NN    YN    NN    NN    NN    NN",
    "trainee.erase":                "YY    NN    NN    NN    NN    NN    NN    NN    NN",
    "referral.view":                "YY    YN    YN    NN    NN    NN    YY    NN    NN",
    "referral.create":              "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "referral.attachment.add":      "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "period.view":                  "YY    YN    YN    NN    YN    NN    YY    NN    NN",
    "period.view_feedback":         "YY    YN    YN    YN    YN    NN    YY    NN    NN",
    "period.assign_coach":          "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "period.transition":            "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "period.placement":             "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "period.status":                "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "period.follow_up":             "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "task.assign":                  "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "daily_log.record":             "YY    YN    NN    NN    NN    NN    NN    NN    NN",
    "daily_log.change":             "YY    YN    NN    NN    NN    NN    NN    NN    NN",
    "daily_log.view":               "YY    YN    YN    NN    YN    NN    YY    NN    NN",
    "audit.view":                   "YY    NN    NN    NN    YN    NN    NN    NN    NN",
    "audit.view_user":              "YY    NN    NN    NN    NN    NN    NN    NN    NN",
    "diary.write":                  "NN    NN    NN    NN    YN    NN    NN    NN    NN",
    "diary.comment":                "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "diary.view":                   "YY    YN    YN    NN    YN    NN    NN    NN    NN",
    "goal.manage":                  "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "goal.view":                    "YY    YN    YN    NN    YN    NN    YY    NN    NN",
    "equipment.manage":             "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "equipment.view":               "YY    YN    YN    NN    YN    NN    YY    NN    NN",
    "equipment.list":               "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "competence.record":            "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "competence.acknowledge":       "NN    NN    NN    NN    YN    NN    NN    NN    NN",
    "competence.certificate.issue": "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "competence.view":              "YY    YN    YN    NN    YN    NN    YY    NN    NN",
    "capacity.assess":              "YY    YN    YN    YN    YN    NN    NN    NN    NN",
    "final_summary.view":           "YY    YN    YN    NN    YN    NN    NN    NN    NN",
    "final_summary.write":          "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "final_summary.finalise":       "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "final_summary.acknowledge":    "NN    YN    YN    NN    YN    NN    NN    NN    NN",
    "final_summary.deliver":        "YY    YN    YN    NN    NN    NN    NN    NN    NN",
    "capacity.view":                "YY    YN    YN    YN    YN    NN    YY    NN    NN",
    "placement.feedback":           "NN    NN    NN    YN    NN    NN    NN    NN    NN",
    "placement.feedback.view":      "YY    YN    YN    YN    NN    NN    YY    NN    NN",
    "placement.attendance.view":    "YY    YN    YN    YN    NN    NN    YY    NN    NN",
}  # fmt: skip

# Actions without an object (configuration, creating something new, the whole log).
ROLE_EXPECTED = {
    # action                         admin coach agent super train oper  oper+ coord anon
    "trainee.create":               "Y     Y     Y     N     N     N     N     N     N",
    "period.create":                "Y     Y     Y     N     N     N     N     N     N",
    "audit.export":                 "Y     N     N     N     N     N     N     N     N",
    "support_access.grant":         "Y     N     N     N     N     N     N     N     N",
    "retention.manage":             "Y     N     N     N     N     N     N     N     N",
    "retention.run":                "Y     N     N     N     N     N     N     N     N",
    "coaching.staff":               "Y     Y     Y     N     N     N     N     N     N",
    "configuration.view":           "Y     Y     Y     Y     N     N     N     N     N",
    "configuration.change":         "Y     N     N     N     N     N     N     N     N",
    "configuration.seed":           "Y     N     N     N     N     Y     Y     N     N",
    "settings.change":              "Y     N     N     N     N     N     N     N     N",
    "integration.manage":           "Y     N     N     N     N     N     N     N     N",
    "partner.manage":               "Y     Y     Y     N     N     N     N     N     N",
    "group_size.check":               "Y     Y     Y     N     N     N     N     N     N",
    "catalogue.view":               "Y     Y     Y     Y     Y     N     N     N     N",
    "catalogue.manage":             "Y     N     N     N     N     N     N     N     N",
    "self.view":                    "N     N     N     N     Y     N     N     N     N",
    "dashboard.view":               "Y     Y     Y     Y     Y     N     N     N     N",
    "self.documents.view":          "N     N     N     N     Y     N     N     N     N",
    "admin.site":                   "Y     Y     Y     N     N     N     N     N     N",
    "public.page":                  "Y     Y     Y     Y     Y     Y     Y     Y     Y",
    "account.self_service":         "Y     Y     Y     Y     Y     Y     Y     Y     Y",
    # In a municipality's schema; an operator administers accounts on the public host only.
    "account.administer":           "Y     N     N     N     N     N     N     N     N",
    "benchmarking.participation.change": "Y N     N     N     N     N     N     N     N",
    # An operator's benchmarking actions are public-host only (scope PUBLIC): none here.
    "benchmarking.region.configure":     "N N     N     N     N     N     N     N     N",
    "benchmarking.run":                  "N N     N     N     N     N     N     N     N",
    "benchmarking.coordinator.assign":   "N N     N     N     N     N     N     N     N",
    "benchmarking.compare":              "N N     N     N     N     N     N     N     N",
    "benchmarking.run.view":             "N N     N     N     N     N     N     N     N",
    "benchmarking.own.view":             "Y Y     N     N     N     N     N     N     N",
    "activity.manage":              "Y     Y     Y     N     N     N     N     N     N",
    "work_order.manage":            "Y     Y     Y     N     N     N     N     N     N",
    # The object is a work unit or its order: the supervisor's own only (test below).
    "work_order.unit":              "N     N     N     Y     N     N     N     N     N",
    "competence.environment.manage": "Y    Y     Y     N     N     N     N     N     N",
    "capacity.instrument.manage":   "Y     N     N     N     N     N     N     N     N",
    "capacity.instrument.sync":     "Y     N     N     N     N     Y     Y     N     N",
    # Onboarding: the operator's pages are public-host only (scope PUBLIC): none here; anyone
    # may send the public request form.
    "onboarding.manage":            "N     N     N     N     N     N     N     N     N",
    "onboarding.request":           "Y     Y     Y     Y     Y     Y     Y     Y     Y",
    # Importing qualification frameworks: operators on the public host only (none here).
    "qualification.import":         "N     N     N     N     N     N     N     N     N",
}  # fmt: skip


def _cells(row: str) -> list[str]:
    return row.split()


def _object_for(action: str, records):
    if action in ("daily_log.record", "audit.view_user"):
        return records.coach
    if action.startswith("equipment."):
        return records.trainee
    if action.split(".")[0] in ("diary", "goal", "competence", "capacity", "final_summary"):
        return records.period
    if action in ("referral.view", "referral.attachment.add"):
        return records.referral
    if action.startswith("daily_log."):
        return records.entry
    if action.startswith(("period.", "placement.")) or action == "task.assign":
        return records.period
    return records.trainee


def _user(world, role):
    return AnonymousUser() if role == "anonymous" else world.users[role]


def test_every_action_has_a_row():
    assert set(OBJECT_EXPECTED) | set(ROLE_EXPECTED) == set(RULES)
    assert not set(OBJECT_EXPECTED) & set(ROLE_EXPECTED)
    for row in [*OBJECT_EXPECTED.values(), *ROLE_EXPECTED.values()]:
        assert len(_cells(row)) == len(ROLES)


@pytest.mark.parametrize("action", sorted(OBJECT_EXPECTED))
def test_object_actions(world, action):
    expected, actual = {}, {}
    for role, cell in zip(ROLES, _cells(OBJECT_EXPECTED[action]), strict=True):
        user = _user(world, role)
        expected[role] = cell
        actual[role] = "".join(
            "Y" if can(user, action, _object_for(action, records)) else "N"
            for records in (world.own, world.other)
        )
    assert actual == expected


def test_operator_administers_accounts_on_the_public_host_only(world):
    operator = _user(world, "platform_operator")
    assert not can(operator, "account.administer")
    with schema_context(get_public_schema_name()):
        assert can(operator, "account.administer")
        assert not can(_user(world, "regional_coordinator"), "account.administer")
        assert can(operator, "qualification.import")


def test_a_supervisor_reaches_only_their_own_units_orders(world, tenant_a):
    """``work_order.unit`` (PLACED outside trainee data): the units one supervises and their
    orders, checked on the object and as a narrowed queryset."""
    from accounts.permissions import scope_queryset
    from coaching.models import WorkOrder, WorkUnit
    from tests.conftest import user_create

    supervisor = world.users["unit_supervisor"]
    other_supervisor = user_create(tenant_a, role="unit_supervisor")
    own_unit = world.work_unit
    other_unit = WorkUnit.objects.create(name="Toinen yksikkö", supervisor=other_supervisor)
    orders = {
        unit.pk: WorkOrder.objects.create(
            ordering_unit=unit,
            description="Lumityöt",
            received_on=own_unit.created_at.date(),
            requested_start_on=own_unit.created_at.date(),
            created_by=supervisor,
        )
        for unit in (own_unit, other_unit)
    }
    assert can(supervisor, "work_order.unit", own_unit)
    assert not can(supervisor, "work_order.unit", other_unit)
    assert can(supervisor, "work_order.unit", orders[own_unit.pk])
    assert not can(supervisor, "work_order.unit", orders[other_unit.pk])
    assert list(scope_queryset(supervisor, "work_order.unit", WorkOrder.objects.all())) == [
        orders[own_unit.pk]
    ]
    assert list(scope_queryset(supervisor, "work_order.unit", WorkUnit.objects.all())) == [own_unit]
    coach = world.users["work_coach"]
    assert not can(coach, "work_order.unit", own_unit)
    assert not scope_queryset(coach, "work_order.unit", WorkOrder.objects.all()).exists()


def test_operator_onboards_municipalities_on_the_public_host_only(world):
    operator = _user(world, "platform_operator")
    assert not can(operator, "onboarding.manage")
    with schema_context(get_public_schema_name()):
        assert can(operator, "onboarding.manage")
        assert not can(_user(world, "regional_coordinator"), "onboarding.manage")


@pytest.mark.parametrize("action", sorted(ROLE_EXPECTED))
def test_role_actions(world, action):
    expected = dict(zip(ROLES, _cells(ROLE_EXPECTED[action]), strict=True))
    actual = {role: "Y" if can(_user(world, role), action) else "N" for role in ROLES}
    assert actual == expected


def test_revoked_or_expired_grant_gives_nothing(world):
    from datetime import timedelta

    from django.utils import timezone

    from privacy.models import SupportAccessGrant
    from privacy.services import support_access_revoke

    operator = world.users["platform_operator_granted"]
    assert can(operator, "trainee.view", world.own.trainee)
    support_access_revoke(actor=world.staff.admin, grant=world.grant)
    assert not can(operator, "trainee.view", world.own.trainee)
    assert not trainees_visible_to(operator).exists()

    SupportAccessGrant.objects.create(
        operator_email=operator.email,
        granted_by=world.staff.admin,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=1),
        reason="vanha",
    )
    from privacy.support import support_grants_changed

    support_grants_changed()
    assert not can(operator, "period.view", world.own.period)


def test_an_inactive_user_can_do_nothing(world):
    coach = world.staff.coach
    coach.is_active = False
    assert not can(coach, "trainee.view", world.own.trainee)
    assert not can(coach, "catalogue.view")


# --- List scoping agrees with the object checks ------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_visible_trainees_and_periods_match_can(world, role):
    from coaching.models import CoachingPeriod, Trainee

    user = _user(world, role)
    trainees = set(trainees_visible_to(user))
    periods = set(periods_visible_to(user))
    assert trainees == {t for t in Trainee.objects.all() if can(user, "trainee.view", t)}
    assert periods == {p for p in CoachingPeriod.objects.all() if can(user, "period.view", p)}


def test_a_trainee_without_any_period_is_in_every_coachs_intake_queue(world):
    from coaching.models import Trainee

    waiting = Trainee.objects.create(first_name="Jono", last_name="Odottaja")
    for user in (world.staff.coach, world.staff.coach2, world.staff.agent):
        assert can(user, "trainee.view", waiting)
        assert waiting in trainees_visible_to(user)
    assert not can(world.staff.supervisor, "trainee.view", waiting)


def test_period_level_records_follow_their_own_period(world, make_period):
    """A coach who had the trainee before does not see the next coach's daily log."""
    from coaching.models import CoachingPeriod, DailyEntry
    from tests.privacy.conftest import START

    trainee = world.other.trainee
    CoachingPeriod.objects.filter(pk=world.other.period.pk).update(phase="closed")
    later = make_period("coaching", coach=world.staff.coach, trainee=trainee, work_trial=False)
    entry = DailyEntry.objects.create(
        period=later, date=START, attendance="absent_sick", recorded_by=world.staff.coach
    )
    coach2 = world.staff.coach2
    assert can(coach2, "trainee.view", trainee)  # still has an old period of the trainee
    assert can(coach2, "daily_log.view", world.other.entry)
    assert not can(coach2, "daily_log.view", entry)
    assert not can(coach2, "period.view", later)


# --- The same tables over HTTP ------------------------------------------------------------------

# Endpoint -> (method, path template, record attribute, table). Cells: own/other status codes.
HTTP_EXPECTED = {
    # endpoint         admin    coach    agent    super    train    oper     oper+    coord
    "trainee": (
        "GET", "/api/v1/trainees/{}/", "trainee",
        "200/200 200/404 200/404 403/403 200/404 403/403 200/200 403/403",
    ),
    "restricted": (
        "GET", "/api/v1/trainees/{}/restricted/", "trainee",
        "403/403 200/404 200/404 403/403 200/404 403/403 403/403 403/403",
    ),
    "social_welfare": (
        "GET", "/api/v1/trainees/{}/social-welfare/", "trainee",
        "200/200 200/404 200/404 403/403 200/404 403/403 403/403 403/403",
    ),
    "export": (
        "GET", "/api/v1/trainees/{}/export/", "trainee",
        "200/200 403/403 403/403 403/403 200/404 403/403 403/403 403/403",
    ),
    "access_log": (
        "GET", "/api/v1/trainees/{}/audit-events/", "trainee",
        "200/200 403/403 403/403 403/403 200/404 403/403 403/403 403/403",
    ),
    "period": (
        "GET", "/api/v1/periods/{}/", "period",
        "200/200 200/404 200/404 403/403 200/404 403/403 200/200 403/403",
    ),
    "placement": (
        "GET", "/api/v1/placements/{}/", "period",
        "200/200 200/404 200/404 200/404 200/404 403/403 200/200 403/403",
    ),
    "transition": (
        "POST", "/api/v1/periods/{}/transition/", "period",
        "200/200 200/404 200/404 403/403 403/403 403/403 403/403 403/403",
    ),
    "user_access_log": (
        "GET", "/api/v1/users/{}/audit-events/", "coach",
        "200/200 403/403 403/403 403/403 403/403 403/403 403/403 403/403",
    ),
}  # fmt: skip

# Views without objects: the role's status code.
HTTP_ROLE_EXPECTED = {
    # path                      admin coach agent super train oper  oper+ coord
    "/api/v1/trainees/":       "200   200   200   403   403   403   200   403",
    "/api/v1/periods/":        "200   200   200   403   200   403   200   403",
    "/api/v1/placements/":     "200   200   200   200   200   403   200   403",
    "/api/v1/sites/":          "200   200   200   200   403   403   403   403",
    "/api/v1/task-catalogue/": "200   200   200   200   200   403   403   403",
    "/tehtavat/":              "200   200   200   200   200   302   302   302",
    # A unit supervisor's front page is their placed trainees (/yksikko/), a trainee's their
    # own pages (/oma/).
    "/":                       "200   200   200   302   302   200   200   200",
    "/yksikko/":               "403   403   403   200   403   302   302   302",
    "/yksikko/tyotilaukset/":  "403   403   403   200   403   302   302   302",
    "/oma/":                   "403   403   403   403   200   302   302   302",
    "/oma/paivakirja/uusi/":   "403   403   403   403   200   302   302   302",
    "/vertailu/":              "200   200   403   403   403   302   302   302",
    "/asetukset/vertailu/":    "200   403   403   403   403   302   302   302",
}  # fmt: skip

HTTP_ROLES = ROLES[:-1]


def _request(client, method, path):
    if method == "POST":
        return client.post(
            path, {"to_phase": "interrupted", "reason": "sairaus"}, content_type="application/json"
        )
    return client.get(path)


@pytest.mark.parametrize("endpoint", sorted(HTTP_EXPECTED))
@pytest.mark.parametrize("role", HTTP_ROLES)
def test_http_endpoints(world, tenants, endpoint, role):
    """Operators use the API through /support/<municipality>/ on the public host."""
    method, template, attribute, table = HTTP_EXPECTED[endpoint]
    expected = dict(zip(HTTP_ROLES, table.split(), strict=True))[role]
    codes = []
    for records, secret in ((world.own, MARKER), (world.other, OTHER_MARKER)):
        path = template.format(getattr(records, attribute).pk)
        client, path = client_of(tenants.a, world.users[role], path)
        response = _request(client, method, path)
        codes.append(str(response.status_code))
        if response.status_code != 200:
            assert secret not in response.content.decode(errors="replace")
    assert "/".join(codes) == expected


@pytest.mark.parametrize("path", sorted(HTTP_ROLE_EXPECTED))
def test_http_views_by_role(world, tenants, path):
    """Public-schema accounts are anonymous on a municipality's host (302 to sign-in)."""
    expected = dict(zip(HTTP_ROLES, HTTP_ROLE_EXPECTED[path].split(), strict=True))
    actual = {}
    for role in HTTP_ROLES:
        client, full_path = client_of(tenants.a, world.users[role], path)
        actual[role] = str(client.get(full_path).status_code)
    assert actual == expected


def test_http_lists_show_only_the_own_group(world, tenants, client_for):
    coach = client_for(tenants.a, world.staff.coach)
    for path in ("/api/v1/trainees/", "/api/v1/periods/", "/api/v1/placements/"):
        body = coach.get(path).content.decode()
        assert MARKER in body, path
        assert OTHER_MARKER not in body, path
    supervisor = client_for(tenants.a, world.staff.supervisor).get("/api/v1/placements/")
    assert [row["id"] for row in supervisor.json()["results"]] == [world.own.period.pk]
    assert set(supervisor.json()["results"][0]) == {
        "id",
        "trainee_name",
        "placement_unit",
        "phase",
        "start_on",
        "planned_end_on",
        "tasks",
    }


@pytest.mark.parametrize("role", HTTP_ROLES)
def test_another_tenant_sees_nothing_with_these_ids(world, tenants, make_user, client_for, role):
    """Same role in tenant B asking for tenant A's ids on B's host; A's session on B's host.

    The granted operator asks through B's support path: the grant is A's, so B refuses.
    """
    if role in ("platform_operator", "platform_operator_granted", "regional_coordinator"):
        user_b = world.users[role]
    else:
        user_b = make_user(tenants.b, role=role)
    for method, template, attribute, _ in HTTP_EXPECTED.values():
        client_b, path = client_of(
            tenants.b, user_b, template.format(getattr(world.own, attribute).pk)
        )
        response = _request(client_b, method, path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert MARKER not in response.content.decode(errors="replace")
    from django.db import connection

    connection.set_tenant(tenants.a)
    session_of_a = client_for(tenants.a, world.users["tenant_admin"])
    session_of_a.defaults["HTTP_HOST"] = tenants.b.get_primary_domain().domain
    response = session_of_a.get(f"/api/v1/trainees/{world.own.trainee.pk}/")
    assert response.status_code == 403
