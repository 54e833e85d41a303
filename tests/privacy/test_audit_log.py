"""The audit log: writes are captured, the table is append-only, and it can be queried."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from coaching import services
from coaching.models import DailyEntryTask, DifficultyLevel, WorkTask
from coaching.services import DailyEntryInput, TaskDone
from privacy import selectors
from privacy.models import AuditEvent
from privacy.services import audit_log_export

pytestmark = pytest.mark.django_db


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("pk"))


# --- Append-only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE privacy_auditevent SET purpose = 'forged'",
        "DELETE FROM privacy_auditevent",
        "TRUNCATE privacy_auditevent",
    ],
)
def test_the_database_refuses_to_change_the_log(world, statement):
    before = AuditEvent.objects.count()
    assert before > 0
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(purpose="forged").exists()


def test_the_orm_cannot_change_or_delete_an_event_either(world):
    event = AuditEvent.objects.first()
    event.purpose = "forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).purpose != "forged"


def test_every_cloned_municipality_has_the_trigger(tenants):
    for tenant in (tenants.a, tenants.b):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = 'privacy_auditevent' ORDER BY tgname",
                [tenant.schema_name],
            )
            names = [row[0] for row in cursor.fetchall()]
        assert names == [
            "privacy_auditevent_no_truncate",
            "privacy_auditevent_no_update_delete",
        ]


# --- Writes ---------------------------------------------------------------------------------


def test_a_service_write_is_logged_with_its_actor_in_one_insert(world, django_assert_num_queries):
    period = world.own.period
    services.coaching_period_transition(
        period=period, to_phase="interrupted", actor=world.staff.coach, reason="sairaus"
    )
    events = _events(actor_id=world.staff.coach.pk, action__in=["create", "change"])
    assert {(e.action, e.object_type) for e in events} == {
        ("change", "coaching.coachingperiod"),
        ("create", "coaching.periodtransition"),
    }
    assert {e.trainee_id for e in events} == {world.own.trainee.pk}
    assert {e.purpose for e in events} == {"coaching"}


def test_a_refused_service_call_writes_nothing(world):
    from django.core.exceptions import PermissionDenied

    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.coaching_period_transition(
            period=world.other.period, to_phase="interrupted", actor=world.staff.coach, reason="x"
        )
    assert AuditEvent.objects.count() == before


def test_the_daily_logs_bulk_writes_are_logged(world):
    from tests.coaching.conftest import at

    coach = world.staff.coach
    period = world.own.period
    task = WorkTask.objects.order_by("pk").first()
    level = DifficultyLevel.objects.get(level=1)
    day = date(2026, 3, 3)
    assert period.transitions.filter(at__lte=at(day)).exists()

    def record(hours):
        return services.daily_log_record(
            actor=coach,
            date=day,
            coach=coach,
            entries=[
                DailyEntryInput(
                    trainee_id=period.trainee_id,
                    attendance="present",
                    hours=Decimal(hours),
                    tasks=[TaskDone(task_id=task.pk, level_id=level.pk)],
                )
            ],
        )

    entry = record(6)[0]
    created = _events(object_type="coaching.dailyentry", object_id=str(entry.pk))
    assert [(e.action, e.trainee_id, e.actor_id) for e in created] == [
        ("create", period.trainee_id, coach.pk)
    ]
    old_task = DailyEntryTask.objects.get(entry=entry)
    record(5)
    changed = _events(object_type="coaching.dailyentry", object_id=str(entry.pk))
    assert [e.action for e in changed] == ["create", "change"]
    deleted = _events(object_type="coaching.dailyentrytask", object_id=str(old_task.pk))
    assert [(e.action, e.trainee_id) for e in deleted] == [("delete", period.trainee_id)]


def test_a_write_outside_any_request_or_service_is_logged_as_system(world):
    trainee = world.other.trainee
    trainee.phone = "050 000 0000"
    trainee.save()
    event = _events(object_type="coaching.trainee", object_id=str(trainee.pk))[-1]
    assert (event.action, event.actor_display, event.actor_id, event.section) == (
        "change",
        "system",
        None,
        "identity",
    )


def test_an_admin_change_is_logged(world, tenants, client_for):
    admin_user = world.staff.admin
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    client = client_for(tenants.a, admin_user)
    trainee = world.other.trainee
    url = f"/admin/coaching/trainee/{trainee.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(phone="044 999 9999", has_hygiene_passport="", has_occupational_safety_card="")
    response = client.post(url, data, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302, response.content[:500]
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"])
    assert sorted(events.values_list("action", flat=True)) == ["change", "read"]
    event = events.get(action="change")
    assert (event.action, event.actor_id, event.trainee_id, event.ip) == (
        "change",
        admin_user.pk,
        trainee.pk,
        "10.9.8.7",
    )


# --- Queries and export for the data-protection officer ---------------------------------------


def test_who_has_seen_my_data_and_what_has_one_user_seen(world, tenants, client_for):
    coach = world.staff.coach
    client_for(tenants.a, coach).get(f"/api/v1/trainees/{world.own.trainee.pk}/")
    for_trainee = selectors.audit_events_for_trainee(trainee_id=world.own.trainee.pk)
    assert coach.pk in set(for_trainee.values_list("actor_id", flat=True))
    assert set(for_trainee.values_list("trainee_id", flat=True)) == {world.own.trainee.pk}
    for_user = selectors.audit_events_for_user(user_id=coach.pk)
    assert for_user.filter(action="read", trainee_id=world.own.trainee.pk).exists()
    assert set(for_user.values_list("actor_id", flat=True)) == {coach.pk}

    mine = client_for(tenants.a, world.users["trainee"]).get(
        f"/api/v1/trainees/{world.own.trainee.pk}/audit-events/"
    )
    assert mine.status_code == 200
    rows = mine.json()["results"]
    assert {row["trainee_id"] for row in rows} == {world.own.trainee.pk}
    assert any(row["actor_id"] == coach.pk and row["action"] == "read" for row in rows)


def test_the_dpo_export_lists_the_log_and_logs_itself(world):
    expected = AuditEvent.objects.filter(trainee_id=world.own.trainee.pk).count()
    text = audit_log_export(actor=world.staff.admin, fmt="csv", trainee_id=world.own.trainee.pk)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == expected
    assert {row["trainee_id"] for row in rows} == {str(world.own.trainee.pk)}
    event = AuditEvent.objects.filter(action="export", object_type="privacy.auditevent").get()
    assert (event.actor_id, event.detail["rows"], event.purpose) == (
        world.staff.admin.pk,
        expected,
        "dpo_export",
    )
    as_json = json.loads(audit_log_export(actor=world.staff.admin, fmt="json"))
    assert len(as_json) == AuditEvent.objects.count() - 1  # the second export logs itself after


def test_the_dpo_export_is_refused_to_coaches(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        audit_log_export(actor=world.staff.coach)


def test_the_audit_export_command(world, tmp_path, tenants):
    output = tmp_path / "audit.json"
    since = (date.today() - timedelta(days=1)).isoformat()
    call_command(
        "audit_export",
        schema=tenants.a.schema_name,
        format="json",
        since=since,
        output=str(output),
    )
    rows = json.loads(output.read_text())
    assert rows
    assert {row["tenant_schema"] for row in rows} == {tenants.a.schema_name}
    connection.set_tenant(tenants.a)
    event = AuditEvent.objects.filter(action="export", object_type="privacy.auditevent").get()
    assert (event.actor_display, event.detail["rows"]) == ("system", len(rows))
