"""The permission matrix of every API endpoint addressed by an id alone.

The endpoints are not listed by hand: the walk takes every ``/api/v1/…/<int:pk>/…`` route of
the URL conf, each HTTP method its view class implements, the action the view checks for that
method (``request_action``) and the model its objects come from (``base_queryset``). The
answer each caller must get is derived from ``accounts.permissions.can`` at the moment of the
request, never written down:

* the role may not use the action at all: 403;
* it may, but not on this object (another group's trainee, another trainee): 404;
* it may: a read answers 200; a write (sent with an empty body and ``If-Match: *``) is not
  refused for permission (no 401, 403 or 404) and is no server error.

Callers: every role's signed-in session (operators through the support path) and an API key
of every staff role (a key's principal is checked like a person of that role), on the own
group's and the other group's records. A municipality's key on another municipality's host
is unknown there (401) on every route and method.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from accounts.permissions import can
from tests.conftest import host_of
from tests.permissions.test_registry import _patterns
from tests.privacy.conftest import MARKER, OTHER_MARKER, ROLES, client_of, path_of

pytestmark = pytest.mark.django_db

PK_ROUTE = re.compile(r"^api/v1/.*<int:pk>")
METHODS = ("get", "post", "put", "patch", "delete")
KEY_ROLES = ["tenant_admin", "work_coach", "career_agent", "unit_supervisor"]
# Query parameters an endpoint needs to answer at all (the capacity change between occasions).
QUERIES = {
    "api/v1/periods/<int:pk>/capacity-change/": (
        "?instrument={instrument}&rater_type=coach&from_occasion=baseline&to_occasion=interim"
    ),
}


@dataclass(frozen=True)
class Endpoint:
    route: str
    method: str
    action: str
    model: str  # label_lower of the objects the id names

    def path(self, pk: int, query: dict[str, Any]) -> str:
        path = "/" + self.route.replace("<int:pk>", str(pk))
        return path + QUERIES.get(self.route, "").format(**query)


def _endpoints() -> list[Endpoint]:
    """Every (route, method) addressed by one id, with its action and model, from the code."""
    found = []
    for route, callback in _patterns(get_resolver(settings.ROOT_URLCONF).url_patterns):
        view_class = getattr(callback, "cls", None)
        if not PK_ROUTE.match(route) or route.count("<") != 1 or view_class is None:
            continue
        for method in METHODS:
            if not hasattr(view_class, method):
                continue
            view = view_class()
            view.request = SimpleNamespace(method=method.upper(), query_params={})
            found.append(
                Endpoint(
                    route,
                    method,
                    view.request_action(),
                    view.base_queryset().model._meta.label_lower,
                )
            )
    # Reads first: the writes (an empty body mostly refused, some bodiless actions done) come
    # after every read of the same caller.
    return sorted(found, key=lambda endpoint: (endpoint.method != "get", endpoint.route))


# --- The records the ids name: the own group's and the other group's -------------------------


def _records_build(world) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """A record of every model an id-only route names, for both trainees where it is theirs."""
    from accounts.models import User
    from coaching import services
    from coaching.models import (
        ActivityType,
        DiaryEntry,
        DifficultyLevel,
        EquipmentType,
        Locker,
        PartnerOrganisation,
        Site,
        WorkTask,
        WorkUnit,
    )
    from coaching.services import DailyEntryInput, TaskDone
    from coaching.services.activities import activity_create
    from competence import services as competence_services
    from competence.capacity.services import capacity_assessment_submit
    from competence.reports import services as report_services
    from competence.reports.models import ReportFile
    from tests.coaching.conftest import START, at
    from tests.competence.capacity.conftest import platform_version
    from tests.competence.conftest import import_peruste, peruste_data
    from tests.competence.reports.conftest import coach_answers

    staff, admin = world.staff, world.staff.admin
    other_user = User.objects.create_user(
        email="toinen-valmentautuja@example.fi", password="x" * 12, role="trainee"
    )
    world.other.trainee.user = other_user
    world.other.trainee.save(update_fields=["user"])

    imported = import_peruste(peruste_data())
    site = Site.objects.create(name="Matriisin toimipiste", address="Testikatu 2")
    yard_unit = WorkUnit.objects.create(
        name="Matriisin piha", site=site, supervisor=staff.supervisor
    )
    yard = WorkTask.objects.get(name="Piha-alueiden siistiminen")
    yard.ordering_unit = yard_unit
    yard.save(update_fields=["ordering_unit"])
    from competence.frameworks.models import Requirement, Unit

    unit = Unit.objects.get(
        qualification=imported.qualification, eperusteet_id=9100202, superseded_in=None
    )
    requirement = Requirement.objects.get(
        unit__qualification=imported.qualification,
        code__in=["a9201", "ammattitaitovaatimukset_a9201"],
        superseded_in=None,
    )
    competence_services.learning_environment_recognise(
        actor=admin,
        qualification=imported.qualification,
        work_unit=yard_unit,
        units=[unit],
        recogniser_name="Riitta Tunnistaja",
        recogniser_organisation="Riveria",
        recognised_on=date(2026, 2, 1),
    )
    competence_services.work_task_requirements_set(
        actor=admin, task=yard, requirements=[requirement]
    )
    version = platform_version("valmo-coach-observation")
    level = DifficultyLevel.objects.get(level=1)
    records: dict[str, list[Any]] = {}

    def add(row: Any) -> None:
        records.setdefault(row._meta.label_lower, []).append(row)

    for group, marker in ((world.own, MARKER), (world.other, OTHER_MARKER)):
        period, coach = group.period, group.coach
        goal = services.goal_create(actor=admin, period=period, text=f"Tavoite {marker}")
        diary = DiaryEntry.objects.create(
            period=period,
            author=group.trainee.user,
            date=START,
            did=f"Lajittelin {marker}",
            is_shared=True,
        )
        issue = services.equipment_issue(
            actor=admin,
            trainee=group.trainee,
            equipment_type=EquipmentType.objects.get_or_create(name="Kypärä")[0],
            issued_on=START,
        )
        locker = services.locker_assign(
            actor=admin, locker=Locker.objects.create(number=f"K-{marker}"), trainee=group.trainee
        )
        days = []
        for day in (date(2026, 3, 9), date(2026, 3, 10)):
            (entry,) = services.daily_log_record(
                actor=admin,
                date=day,
                coach=coach,
                entries=[
                    DailyEntryInput(
                        trainee_id=group.trainee.pk,
                        attendance="present",
                        hours=Decimal(6),
                        tasks=[TaskDone(yard.pk, level.pk)],
                    )
                ],
            )
            days.append(entry)
        record = competence_services.competence_record_tick(
            actor=coach, period=period, requirement=requirement, evidence=days
        )
        certificate = competence_services.competence_certificate_issue(
            actor=coach,
            period=period,
            signers=[competence_services.Signer(name="Veera Valmentaja")],
        )
        assessments = [
            capacity_assessment_submit(
                actor=coach,
                period=period,
                version=version,
                occasion=occasion,
                rater_type="coach",
                assessed_on=day,
                answers=coach_answers(version, value),
                finalise=True,
            )
            for occasion, day, value in (
                ("baseline", date(2026, 3, 5), 2),
                ("interim", date(2026, 5, 4), 4),
            )
        ]
        report = report_services.final_summary_draft_get_or_create(actor=coach, period=period)
        report_services.report_texts_update(
            actor=coach,
            report=report,
            work_capacity=f"Jaksaa {marker}",
            recommendations="Palkkatuettu työ",
        )
        report_version = report_services.report_finalise(actor=coach, report=report)
        # The PDF's build is queued on commit, which a test never reaches: a stand-in file.
        ReportFile.objects.get(version=report_version).file.save(
            "matriisi.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True
        )
        ReportFile.objects.filter(version=report_version).update(status=ReportFile.Status.DONE)
        delivery = report_services.delivery_create(
            actor=coach,
            version=report_version,
            recipient_name="Asiakasvastaava",
            recipient_email="asiakasvastaava@example.fi",
            link_base="https://a.example",
        ).delivery
        for row in (
            group.trainee,
            period,
            group.referral,
            goal,
            diary,
            issue,
            locker,
            record,
            certificate,
            assessments[0],
            report,
            report_version,
            delivery,
            coach,
        ):
            add(row)

    order = services.work_order_create(
        actor=admin,
        ordering_unit=world.work_unit,
        description="Pihatyöt",
        requested_start_on=timezone.localdate(),
        tasks=[services.OrderedTask(WorkTask.objects.order_by("pk").first())],
    )
    services.work_order_assign(actor=admin, order=order, periods=[world.own.period])
    tool = services.work_order_tool_lend(actor=admin, order=order, name="Harava")
    activity = activity_create(
        actor=admin,
        activity_type=ActivityType.objects.order_by("pk").first(),
        title="Työnhakupaja",
        starts_at=at(START + timedelta(days=1), 10),
    )
    for row in (
        order,
        tool,
        activity,
        site,
        world.work_unit,
        PartnerOrganisation.objects.order_by("pk").first(),
        yard,  # the task catalogue's id routes
        level,
    ):
        add(row)
    return records, {"instrument": version.instrument_id}


@pytest.fixture(scope="module")
def records_of_module(world_of_module, django_db_blocker, tenants):
    """Built once per module inside the world's transaction (rolled back with it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        connection.set_tenant(tenants.a)
        yield _records_build(world_of_module)
        transaction.set_rollback(True)


@pytest.fixture
def id_world(world, records_of_module, monkeypatch):
    # The certificate PDF is drawn on every request; its content is not what is tested here.
    monkeypatch.setattr(
        "api.competence.views.competence_certificate_pdf", lambda certificate: b"%PDF-1.7 test"
    )
    records, query = records_of_module
    return world, records, query


# --- The walk ------------------------------------------------------------------------------


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _send(client: Client, method: str, path: str):
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, {}, content_type="application/json", HTTP_IF_MATCH="*")


def _walk(tenant, records, query, user, client_and_path) -> list[tuple]:
    """Every id-only endpoint on every record as ``user``: the mismatches with ``can``."""
    endpoints = _endpoints()
    missing = sorted({e.model for e in endpoints} - set(records))
    assert missing == [], f"no record of {missing} to walk: add one to _records_build"
    mismatches = []
    for endpoint in endpoints:
        for obj in records[endpoint.model]:
            connection.set_tenant(tenant)
            if not can(user, endpoint.action):
                expected = {403}
            elif not can(user, endpoint.action, obj):
                expected = {404}
            else:
                expected = {200} if endpoint.method == "get" else None
            client, path = client_and_path(endpoint.path(obj.pk, query))
            response = _send(client, endpoint.method, path)
            connection.set_tenant(tenant)
            status = response.status_code
            body = _body(response)  # a streamed file is closed when read to its end
            allowed = expected is None and status not in (401, 403, 404) and status < 500
            if not (allowed or (expected is not None and status in expected)):
                mismatches.append((endpoint.method, path, expected, status, body[:200]))
            if status >= 300:
                secret = MARKER if obj in records[endpoint.model][:1] else OTHER_MARKER
                if secret in body or response["Content-Type"] != "application/problem+json":
                    mismatches.append((endpoint.method, path, "leak or not a problem", status))
    return mismatches


def test_the_walk_covers_the_id_only_endpoints():
    routes = {endpoint.route for endpoint in _endpoints()}
    for route in (
        "api/v1/certificates/<int:pk>/",
        "api/v1/capacity-assessments/<int:pk>/",
        "api/v1/competence-records/<int:pk>/",
        "api/v1/reports/<int:pk>/",
        "api/v1/report-versions/<int:pk>/pdf/",
        "api/v1/deliveries/<int:pk>/revoke/",
        "api/v1/periods/<int:pk>/capacity-change/",
        "api/v1/reports/<int:pk>/acknowledge/",
        "api/v1/periods/<int:pk>/interim-schedule/",
    ):
        assert route in routes
    assert len(routes) > 55


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_permission_layer_allows(id_world, tenants, role):
    world, records, query = id_world
    user = world.users[role]
    # Public-schema coordinators are nobody on a municipality's host.
    checked_as = AnonymousUser() if role == "regional_coordinator" else user
    client, _ = client_of(tenants.a, user, "/api/v1/")
    walked = _walk(
        tenants.a, records, query, checked_as, lambda path: (client, path_of(tenants.a, user, path))
    )
    assert walked == []


@pytest.mark.parametrize("role", KEY_ROLES)
def test_an_api_key_of_each_role_gets_what_its_role_is_allowed(id_world, tenants, role):
    from accounts.api_keys.services import api_key_create

    world, records, query = id_world
    created = api_key_create(
        actor=world.staff.admin,
        name=f"Matriisi {role}",
        role=role,
        expires_at=timezone.now() + timedelta(days=30),
        rate_limit_per_minute=6000,
    )
    client = Client(HTTP_HOST=host_of(tenants.a), HTTP_AUTHORIZATION=f"Bearer {created.token}")
    principal = created.key.principal
    assert _walk(tenants.a, records, query, principal, lambda path: (client, path)) == []


def test_a_key_of_one_municipality_gets_nothing_on_anothers_host(id_world, tenants):
    from accounts.api_keys.services import api_key_create

    world, records, query = id_world
    created = api_key_create(
        actor=world.staff.admin,
        name="Matriisi A",
        role="tenant_admin",
        expires_at=timezone.now() + timedelta(days=30),
        rate_limit_per_minute=6000,
    )
    on_b = Client(HTTP_HOST=host_of(tenants.b), HTTP_AUTHORIZATION=f"Bearer {created.token}")
    answers = set()
    for endpoint in _endpoints():
        for obj in records[endpoint.model]:
            response = _send(on_b, endpoint.method, endpoint.path(obj.pk, query))
            connection.set_tenant(tenants.a)
            answers.add(response.status_code)
            body = _body(response)
            assert MARKER not in body
            assert OTHER_MARKER not in body
    assert answers == {401}
