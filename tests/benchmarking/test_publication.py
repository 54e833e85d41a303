"""Participation, runs, append-only snapshots and what reaches the public schema (eager tasks)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from benchmarking import services
from benchmarking.models import (
    RegionSetting,
    Run,
    RunMunicipality,
    Snapshot,
    SnapshotCell,
)
from benchmarking.tasks import run_all

from .attack import published_relations, recovered_by_linear_algebra, recovered_by_subtraction
from .builders import Builder

pytestmark = pytest.mark.django_db

PERIOD = re.compile(r"^\d{4}(-Q[1-4])?$")
CODE = re.compile(r"^[a-z0-9_:\-]+$")


@pytest.fixture
def data_a(tenant_a, make_user):
    """Thirty trainees in tenant A: enough for some cells to be published, many hidden."""
    coach = make_user(tenant_a, role="work_coach")
    admin = make_user(tenant_a, role="tenant_admin")
    b = Builder(coach, admin)
    forms = (
        ["service_work_education"] * 20 + ["service_assessment"] * 7 + ["service_immigrants"] * 3
    )
    for n, form in enumerate(forms):
        b.period(
            start=date(2026, 1 + n % 6, 5),
            born=date(1970 + n, 3, 3),
            service_form=form,
            target_group=["young_people", "immigrants", None][n % 3],
            ended=date(2026, 9, 1) if n % 4 == 0 else None,
            outcome="education" if n % 8 == 0 else "open_market_work",
        )
    connection.set_schema_to_public()
    return admin


def _join(tenant, admin):
    connection.set_tenant(tenant)
    services.participation_set(actor=admin, participates=True)
    connection.set_schema_to_public()


def test_participation_is_the_admins_choice_and_audited(tenant_a, make_user):
    from privacy.models import AuditEvent

    coach = make_user(tenant_a, role="work_coach")
    admin = make_user(tenant_a, role="tenant_admin")
    with pytest.raises(PermissionDenied):
        services.participation_set(actor=coach, participates=True)
    row = services.participation_set(actor=admin, participates=True)
    assert row.participates
    assert row.municipality_id == tenant_a.pk
    services.participation_set(actor=admin, participates=False)
    events = AuditEvent.objects.filter(object_type="benchmarking.participation").order_by("pk")
    assert [e.detail["participates"] for e in events] == [True, False]
    assert {e.actor_id for e in events} == {admin.pk}


def test_k_is_never_below_five_in_the_database(tenants, db):
    from tenants.models import Region

    region = Region.objects.get(slug="test_area")
    with pytest.raises(ValidationError):
        RegionSetting(region=region, k=4).full_clean()
    with pytest.raises(DatabaseError), transaction.atomic():
        RegionSetting.objects.create(region=region, k=4)


def test_a_run_publishes_protected_snapshots_that_never_change(
    tenants, data_a, django_capture_on_commit_callbacks
):
    admin = data_a
    _join(tenants.a, admin)
    # Tenant B does not take part: no row in the run.
    with django_capture_on_commit_callbacks(execute=True):
        run_id = run_all(years=[2026])
    run = Run.objects.get(pk=run_id)
    rows = list(run.municipalities.all())
    assert [row.municipality_id for row in rows] == [tenants.a.pk]
    assert rows[0].status == RunMunicipality.Status.DONE
    assert run.status == Run.Status.DONE
    assert run.finished_at is not None

    snapshot = Snapshot.objects.get(run=run)
    assert snapshot.k == 7
    cells = list(SnapshotCell.objects.filter(snapshot=snapshot))
    assert cells
    by_key = {(c.metric, c.period, c.dimension, c.category): c for c in cells}
    assert by_key[("starts", "2026", "all", "all")].count == 30
    # Three immigrants' service form: a small cell, hidden.
    assert by_key[("starts", "2026", "service_form", "service_immigrants")].suppressed
    for cell in cells:
        if cell.count is not None:
            assert not 0 < cell.count < 7
    # The attacker, across every table of the snapshot, recovers nothing.
    keys = {
        (snapshot.municipality_id, c.metric, c.period, c.dimension, c.category): c for c in cells
    }
    count_keys = {k for k, c in keys.items() if not (c.value is not None)}
    count_keys = {k for k in count_keys if not _is_value_metric(k[1])}
    hidden = {k for k in count_keys if keys[k].suppressed}
    relations = published_relations(count_keys)
    assert hidden
    assert recovered_by_subtraction(relations, hidden) == set()
    assert recovered_by_linear_algebra(relations, hidden) == set()

    # Never rewritten: the database refuses UPDATE and DELETE of published rows.
    for statement in (
        f"UPDATE benchmarking_snapshotcell SET count = 1 WHERE id = {cells[0].pk}",  # noqa: S608 (ids from the database)
        f"DELETE FROM benchmarking_snapshotcell WHERE id = {cells[0].pk}",  # noqa: S608 (ids from the database)
        f"UPDATE benchmarking_snapshot SET k = 9 WHERE id = {snapshot.pk}",  # noqa: S608 (ids from the database)
        f"DELETE FROM benchmarking_snapshot WHERE id = {snapshot.pk}",  # noqa: S608 (ids from the database)
    ):  # TRUNCATE: tests/platform/test_append_only.py
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)

    # A second run makes a second snapshot; the first stays as it was.
    with django_capture_on_commit_callbacks(execute=True):
        second = run_all(years=[2026])
    assert Snapshot.objects.filter(municipality=tenants.a).count() == 2
    assert SnapshotCell.objects.filter(snapshot=snapshot).count() == len(cells)

    # Repeating a finished task does nothing.
    row = RunMunicipality.objects.get(run_id=second)
    services.municipality_publish(actor=None, run_municipality_id=row.pk)
    assert Snapshot.objects.filter(run_id=second).count() == 1

    # Leaving removes the municipality from later snapshots.
    connection.set_tenant(tenants.a)
    services.participation_set(actor=admin, participates=False)
    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=True):
        third = run_all(years=[2026])
    assert not Snapshot.objects.filter(run_id=third).exists()
    assert Run.objects.get(pk=third).status == Run.Status.DONE


def _is_value_metric(metric: str) -> bool:
    return metric in {
        "period_length_days",
        "trainees_per_coach",
        "attendance_rate",
        "hours_per_trainee",
        "requirements_reached_per_trainee",
    } or metric.startswith("capacity_change:")


def test_one_failing_municipality_is_recorded_and_the_others_go_on(
    tenants, data_a, monkeypatch, django_capture_on_commit_callbacks
):
    from benchmarking import metrics

    _join(tenants.a, data_a)
    connection.set_tenant(tenants.b)
    from tests.conftest import user_create

    _join(tenants.b, user_create(tenants.b, role="tenant_admin"))
    real = metrics.figures_compute

    def failing(*, years):
        if connection.schema_name == tenants.b.schema_name:
            raise RuntimeError("boom with a trainee's name")
        return real(years=years)

    monkeypatch.setattr(services, "figures_compute", failing)
    with django_capture_on_commit_callbacks(execute=True):
        run_id = run_all(years=[2026])
    statuses = dict(
        RunMunicipality.objects.filter(run_id=run_id).values_list("municipality_id", "status")
    )
    assert statuses == {tenants.a.pk: "done", tenants.b.pk: "failed"}
    failed = RunMunicipality.objects.get(run_id=run_id, municipality=tenants.b)
    assert failed.error == "RuntimeError"  # the class only: no message reaches the public
    assert Run.objects.get(pk=run_id).status == Run.Status.DONE_WITH_FAILURES
    assert Snapshot.objects.filter(run_id=run_id).count() == 1


def _public_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def _rows(table: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the catalogue)
        columns = [c.name for c in cursor.description]
        return {tuple(zip(columns, row, strict=True)) for row in cursor.fetchall()}


# Run bookkeeping times: the platform's clock, not anyone's data.
RUN_TIMES = {
    ("benchmarking_run", "started_at"),
    ("benchmarking_run", "finished_at"),
    ("benchmarking_runmunicipality", "started_at"),
    ("benchmarking_runmunicipality", "finished_at"),
    ("benchmarking_participation", "changed_at"),
}


def test_no_identifier_free_text_or_fine_date_reaches_a_public_table(
    tenants, data_a, django_capture_on_commit_callbacks
):
    """Every public table before and after a run: the new rows hold only codes and figures."""
    from coaching.models import Trainee

    connection.set_tenant(tenants.a)
    trainees = list(Trainee.objects.values("pk", "first_name", "last_name", "date_of_birth"))
    connection.set_schema_to_public()
    before = {table: _rows(table) for table in _public_tables()}
    _join(tenants.a, data_a)
    began = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        run_all(years=[2026])
    ended = timezone.now()
    names = {t["last_name"] for t in trainees} | {t["first_name"] for t in trainees}
    births = {t["date_of_birth"] for t in trainees}
    changed = {}
    for table in _public_tables():
        new = _rows(table) - before.get(table, set())
        if new:
            changed[table] = new
    assert set(changed) <= {
        "benchmarking_participation",
        "benchmarking_run",
        "benchmarking_runmunicipality",
        "benchmarking_snapshot",
        "benchmarking_snapshotcell",
    }, set(changed)
    for table, rows in changed.items():
        for row in rows:
            for column, value in row:
                if isinstance(value, datetime | date):
                    assert (table, column) in RUN_TIMES, (table, column)
                    assert began.date() <= value.date() if isinstance(value, datetime) else True
                    assert value not in births
                elif (table, column) == ("benchmarking_run", "years"):
                    assert all(isinstance(v, int) for v in json.loads(value))
                elif isinstance(value, str):
                    assert value not in names
                    if column == "period":
                        assert PERIOD.match(value), value
                    else:
                        assert CODE.match(value) or value == "", (table, column, value)
                elif isinstance(value, dict | list):
                    assert all(isinstance(v, int) for v in value), (table, column)
                else:
                    assert value is None or isinstance(value, bool | int | float | Decimal)
    assert ended >= began


def test_an_operator_sets_the_areas_k_on_the_public_host_never_below_five(tenants, db):
    from accounts.models import User
    from tenants.models import Region

    connection.set_schema_to_public()
    operator = User.objects.create_user(
        email="operator-k@example.fi", password="x" * 12, role="platform_operator"
    )
    region = Region.objects.get(slug="test_area")
    assert services.region_k_set(actor=operator, region=region, k=9).k == 9
    assert services.k_for(region.pk) == 9
    with pytest.raises(ValidationError) as error:
        services.region_k_set(actor=operator, region=region, k=4)
    assert list(error.value.message_dict) == ["k"]
    assert services.k_for(region.pk) == 9
    connection.set_tenant(tenants.a)
    with pytest.raises(PermissionDenied):  # public host only
        services.region_k_set(actor=operator, region=region, k=8)
