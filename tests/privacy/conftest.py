"""A municipality with two coaches' trainees and every role, for permission and audit tests.

``own`` is the group of ``staff.coach`` and ``staff.agent``, placed with ``staff.supervisor``,
and its trainee has the ``trainee`` user; ``other`` is ``staff.coach2``'s trainee without a
career agent or placement.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from tests.coaching.conftest import (  # noqa: F401 - fixtures used by this package
    START,
    make_period,
    make_trainee,
    period_maker,
    staff_create,
    status,
    status_of,
    work_unit_create,
)
from tests.conftest import user_create

MARKER = "Salainen7Q"
OTHER_MARKER = "Toinen3Z"
ROLES = [
    "tenant_admin",
    "work_coach",
    "career_agent",
    "unit_supervisor",
    "trainee",
    "platform_operator",
    "platform_operator_granted",
    "regional_coordinator",
]


@dataclass
class Records:
    trainee: object
    period: object
    referral: object
    entry: object
    coach: object


@dataclass
class World:
    staff: object
    users: dict
    own: Records
    other: Records
    grant: object
    work_unit: object


def _referral(admin, trainee, contact, status_of, marker):
    from coaching import services
    from coaching.models import ServiceForm

    return services.referral_create(
        actor=admin,
        trainee=trainee,
        case_manager=contact,
        legal_basis="employment_plan",
        legal_basis_date=START,
        requested_status=status_of("work_trial"),
        service_form=ServiceForm.objects.order_by("pk").first(),
        days_per_week=5,
        hours_per_day=Decimal(6),
        planned_start_on=START,
        planned_end_on=date(2026, 8, 31),
        goals=f"Tavoitteet {marker}",
        safety_restrictions=f"Ei nostoja {marker}",
    )


def public_user(role: str, back_to=None, **extra):
    """A platform operator or regional coordinator: an account of the public schema."""
    import os

    from django.db import connection

    from accounts.models import User

    connection.set_schema_to_public()
    user = User.objects.create_user(
        email=f"{role}-{os.urandom(3).hex()}@valmo.example",
        password="x" * 12,
        role=role,
        **extra,
    )
    if back_to is not None:
        connection.set_tenant(back_to)
    return user


class SupportClient(Client):
    """A public-host client; after each request the test's connection returns to ``tenant``
    (the public host's middleware leaves it in the public schema)."""

    def __init__(self, tenant, **defaults):
        super().__init__(HTTP_HOST="localhost", **defaults)
        self.tenant = tenant

    def request(self, **request):
        try:
            return super().request(**request)
        finally:
            connection.set_tenant(self.tenant)


def _through_support(user, path: str) -> bool:
    return user.role == "platform_operator" and path.startswith("/api/")


def path_of(tenant, user, path: str) -> str:
    """The path ``client_of`` gives ``user`` for ``path`` (operators: the support path)."""
    return f"/support/{tenant.slug}{path}" if _through_support(user, path) else path


def client_of(tenant, user, path: str):
    """A signed-in client and the path it uses: operators reach the API on the public host."""
    if _through_support(user, path):
        connection.set_schema_to_public()
        client = SupportClient(tenant)
        client.force_login(user)
        connection.set_tenant(tenant)
        return client, path_of(tenant, user, path)
    client = Client(HTTP_HOST=tenant.get_primary_domain().domain)
    if user.role not in ("platform_operator", "regional_coordinator"):
        client.force_login(user)
    return client, path


def _world_build(tenant) -> World:
    from coaching import services
    from coaching.models import CoachingPeriod, DailyEntry, Trainee
    from privacy.services import support_access_grant

    staff = staff_create(tenant, user_create)
    unit = work_unit_create(staff)
    period_make = period_maker(staff, unit, None, status_of)
    users = {
        "tenant_admin": staff.admin,
        "work_coach": staff.coach,
        "career_agent": staff.agent,
        "unit_supervisor": staff.supervisor,
        "trainee": user_create(tenant, role="trainee"),
        # Operators and coordinators are accounts of the public schema.
        "platform_operator": public_user("platform_operator", tenant),
        "platform_operator_granted": public_user("platform_operator", tenant),
        "regional_coordinator": public_user("regional_coordinator", tenant),
    }
    organisation = services.partner_organisation_create(
        actor=staff.admin, name="Työllisyysalue", kind="employment_area"
    )
    contact = services.partner_contact_create(
        actor=staff.admin, organisation=organisation, name="Asiakasvastaava", is_case_manager=True
    )
    records = {}
    for key, coach, marker, user, phase in (
        ("own", staff.coach, MARKER, users["trainee"], "continued_coaching"),
        ("other", staff.coach2, OTHER_MARKER, None, "coaching"),
    ):
        trainee = Trainee.objects.create(
            first_name=f"Etu{marker}",
            last_name=f"Suku{marker}",
            email=f"{marker.lower()}@example.fi",
            phone="040 123 4567",
            work_history=f"Varasto {marker}",
            user=user,
        )
        referral = _referral(staff.admin, trainee, contact, status_of, marker)
        period = period_make(phase, coach=coach, trainee=trainee)
        entry = DailyEntry.objects.create(
            period=period,
            date=START,
            attendance="present",
            hours=Decimal(6),
            learning_notes=f"Oppi {marker}",
            recorded_by=coach,
        )
        records[key] = Records(trainee, period, referral, entry, coach)
    CoachingPeriod.objects.filter(pk=records["other"].period.pk).update(career_agent=None)
    records["other"].period.refresh_from_db()
    now = timezone.now()
    grant = support_access_grant(
        actor=staff.admin,
        operator_email=users["platform_operator_granted"].email,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=1),
        reason="Tiketti 42: jakso ei päivity",
    )
    return World(
        staff=staff,
        users=users,
        own=records["own"],
        other=records["other"],
        grant=grant,
        work_unit=unit,
    )


@pytest.fixture(scope="module")
def world_of_module(django_db_setup, django_db_blocker, tenants):
    """The world, built once per test module inside a transaction rolled back at its end.

    Each test's own transaction (pytest-django's ``db``) nests as a savepoint inside it, so a
    test still starts from exactly this data and its writes vanish after it; ``world`` hands
    every test its own copy of the Python objects.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            connection.set_tenant(tenants.a)
            yield _world_build(tenants.a)
        finally:
            transaction.set_rollback(True)
            connection.set_schema_to_public()


@pytest.fixture
def world(world_of_module, tenant_a) -> World:
    return copy.deepcopy(world_of_module)


@pytest.fixture
def staff(world):
    """The world's staff, so ``make_period`` and the world share actors as before."""
    return world.staff


@pytest.fixture
def work_unit(world):
    return world.work_unit
