"""The data-subject export: everything about one trainee, as JSON and as a readable document."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from coaching.models import CoachingPeriod, Trainee
from privacy.models import AuditEvent
from privacy.services import trainee_export
from tests.privacy.conftest import MARKER, OTHER_MARKER
from valmo import graph

pytestmark = pytest.mark.django_db


def _linked_models() -> set[str]:
    """Models with a foreign key or one-to-one straight to Trainee or CoachingPeriod, found
    here independently of ``valmo.graph``."""
    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (Trainee, CoachingPeriod):
                found.add(model._meta.label_lower)
    return found


def test_every_model_with_a_path_to_the_trainee_is_in_the_export(world):
    data = trainee_export(actor=world.staff.admin, trainee=world.own.trainee).data
    exported = set(data["records"])
    assert exported == {m._meta.label_lower for m in graph.trainee_data_models()}
    assert _linked_models() <= exported
    assert {
        "coaching.trainee",
        "coaching.coachingperiod",
        "coaching.referral",
        "coaching.referralrestriction",
        "coaching.dailyentry",
        "coaching.periodstatus",
        "coaching.periodtransition",
    } <= exported


def test_the_json_holds_the_trainees_own_records_only(world):
    export = trainee_export(actor=world.staff.admin, trainee=world.own.trainee, fmt="json")
    assert export.content_type == "application/json"
    data = json.loads(export.content)
    records = data["records"]
    assert data["trainee_id"] == world.own.trainee.pk
    assert [row["id"] for row in records["coaching.trainee"]] == [world.own.trainee.pk]
    assert records["coaching.trainee"][0]["work_history"] == f"Varasto {MARKER}"
    assert [row["id"] for row in records["coaching.coachingperiod"]] == [world.own.period.pk]
    assert records["coaching.referralrestriction"][0]["safety_restrictions"] == (
        f"Ei nostoja {MARKER}"
    )
    assert records["coaching.dailyentry"][0]["learning_notes"] == f"Oppi {MARKER}"
    assert records["coaching.dailyentry"][0]["hours"] == "6.00"
    period = records["coaching.coachingperiod"][0]
    assert period["coach"] == {"id": world.staff.coach.pk, "label": str(world.staff.coach)}
    assert period["phase"] == "continued_coaching"
    assert OTHER_MARKER not in export.content.decode()
    transitions = records["coaching.periodtransition"]
    assert [t["to_phase"] for t in transitions][:2] == ["referred", "intake_assessment"]


def test_the_export_includes_who_has_seen_the_data(world, tenants, client_for):
    client_for(tenants.a, world.staff.coach).get(f"/api/v1/trainees/{world.own.trainee.pk}/")
    data = trainee_export(actor=world.staff.admin, trainee=world.own.trainee).data
    reads = [row for row in data["access_log"] if row["action"] == "read"]
    assert any(world.staff.coach.email in row["actor"] for row in reads)


def test_the_readable_document(world):
    export = trainee_export(actor=world.staff.admin, trainee=world.own.trainee, fmt="html")
    html = export.content.decode()
    assert export.content_type.startswith("text/html")
    assert f"Etu{MARKER} Suku{MARKER}" in html
    assert f"Ei nostoja {MARKER}" in html
    assert "<h2>Coaching periods</h2>" in html or "<h2>Valmennusjaksot</h2>" in html
    assert OTHER_MARKER not in html


def test_the_pdf(world):
    export = trainee_export(actor=world.staff.admin, trainee=world.own.trainee, fmt="pdf")
    assert export.content.startswith(b"%PDF")
    assert export.filename.endswith(".pdf")


def test_an_export_is_logged_as_an_export(world):
    trainee_export(actor=world.users["trainee"], trainee=world.own.trainee, fmt="json")
    event = AuditEvent.objects.get(action="export", object_type="coaching.trainee")
    assert (
        event.actor_id,
        event.trainee_id,
        event.section,
        event.purpose,
        event.detail["format"],
    ) == (world.users["trainee"].pk, world.own.trainee.pk, "all", "data_subject_access", "json")
    assert event.detail["rows"] > 10


def test_the_export_is_refused_to_others(world):
    with pytest.raises(PermissionDenied):
        trainee_export(actor=world.staff.coach, trainee=world.own.trainee)
    with pytest.raises(PermissionDenied):
        trainee_export(actor=world.users["trainee"], trainee=world.other.trainee)
    with pytest.raises(ValidationError) as error:
        trainee_export(actor=world.staff.admin, trainee=world.own.trainee, fmt="docx")
    assert "fmt" in error.value.message_dict


def test_the_trainee_downloads_their_own_export(world, tenants, client_for):
    client = client_for(tenants.a, world.users["trainee"])
    response = client.get(f"/api/v1/trainees/{world.own.trainee.pk}/export/?as=json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["trainee_id"] == world.own.trainee.pk
    html = client.get(f"/api/v1/trainees/{world.own.trainee.pk}/export/?as=html")
    assert f"Suku{MARKER}" in html.content.decode()
