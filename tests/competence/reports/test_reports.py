"""Final summary and interim reports: assembled data, co-authoring, acknowledgement, finalising,
append-only versions, corrections, the PDF read back, and delivery with its audit trail."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from competence.reports import services
from competence.reports.models import Delivery, ReportFile, ReportVersion
from competence.reports.pdf import report_pdf
from competence.reports.selectors import (
    content_hash,
    interim_spans,
    report_assemble,
)
from privacy.models import AuditEvent
from privacy.selectors import audit_events_for_trainee

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _draft(world, **texts):
    report = services.final_summary_draft_get_or_create(
        actor=world.staff.coach, period=world.period, language="fi"
    )
    texts = texts or {
        "work_capacity": "Jaksaa kuuden tunnin päivät.",
        "functional_capacity": "Oppii uudet tehtävät nopeasti.",
        "recommendations": "Suositellaan palkkatukityötä kiinteistöhuollossa.",
    }
    return services.report_texts_update(actor=world.staff.coach, report=report, **texts)


def test_assembled_data_comes_from_the_records(world):
    data = report_assemble(
        period=world.period,
        covers_from=world.period.start_on,
        covers_to=world.period.planned_end_on,
        language="fi",
    )
    assert data["attendance"]["present"] == 3
    assert data["attendance"]["absent"] == 1
    assert data["attendance"]["hours"] == "18.00"
    assert data["competence"][0]["reached_on"] == "2026-03-11"
    assert data["goals"][0]["text"] == "Työskentelee kokonaisen työpäivän"
    assert data["work_units"]
    assert data["work_units"][0]["days"] == 3
    (instrument,) = data["indicator"]
    assert len(instrument["dimensions"]) == 6
    assert {row["first"] for row in instrument["dimensions"]} == {"2.00"}
    assert {row["last"] for row in instrument["dimensions"]} == {"4.00"}
    assert {row["change"] for row in instrument["dimensions"]} == {"2.00"}
    assert data["trainee"]["name"].startswith("Testi Valmentautuja")
    assert data["trainee"]["date_of_birth"] == "1990-05-17"


def test_coauthors_acknowledgement_and_a_stale_acknowledgement(world):
    report = _draft(world)
    services.report_texts_update(
        actor=world.staff.agent, report=report, work_unit_input="Yksikkö: luotettava."
    )
    assert {user.pk for user in report.co_authors.all()} == {
        world.staff.coach.pk,
        world.staff.agent.pk,
    }
    report = services.report_acknowledge(
        actor=world.staff.coach, report=report, on=date(2026, 8, 20)
    )
    assert report.is_acknowledged
    assert report.acknowledged_in_person
    report = services.report_texts_update(
        actor=world.staff.coach, report=report, trainee_view="Haluan jatkaa alalla."
    )
    assert not report.is_acknowledged  # changed since acknowledged


def test_roles(world):
    with pytest.raises(PermissionDenied):
        services.final_summary_draft_get_or_create(actor=world.staff.coach2, period=world.period)
    with pytest.raises(PermissionDenied):
        services.final_summary_draft_get_or_create(
            actor=world.staff.supervisor, period=world.period
        )
    report = _draft(world)
    with pytest.raises(PermissionDenied):
        services.report_finalise(actor=world.staff.coach2, report=report)
    with pytest.raises(PermissionDenied):
        services.report_acknowledge(actor=world.staff.admin, report=report)


def test_finalise_needs_the_written_sections(world):
    report = _draft(world, work_capacity="Hyvä.")
    with pytest.raises(ValidationError) as error:
        services.report_finalise(actor=world.staff.coach, report=report)
    assert "recommendations" in error.value.message_dict
    assert not ReportVersion.objects.exists()


def test_finalise_freezes_a_hashed_version_and_builds_the_pdf(
    world, django_capture_on_commit_callbacks
):
    report = _draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.report_finalise(actor=world.staff.coach, report=report)
    assert version.number == 1
    assert version.content_hash == content_hash(version.snapshot)
    assert version.snapshot["texts"]["recommendations"].startswith("Suositellaan")
    row = ReportFile.objects.get(version=version)
    assert row.status == ReportFile.Status.DONE
    assert row.progress == 100
    assert row.file.name.endswith(".pdf")
    assert row.size > 1000
    with pytest.raises(ValidationError):
        services.report_finalise(actor=world.staff.coach, report=report)
    # Later edits do not touch the frozen version.
    services.report_texts_update(actor=world.staff.coach, report=report, recommendations="Muu.")
    version.refresh_from_db()
    assert version.snapshot["texts"]["recommendations"].startswith("Suositellaan")


def test_versions_are_append_only_in_the_database(world):
    version = services.report_finalise(actor=world.staff.coach, report=_draft(world))
    for statement in (
        "UPDATE reports_reportversion SET correction_reason = 'x'",
        "DELETE FROM reports_reportversion",
        "SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE reports_reportversion CASCADE",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    with pytest.raises(ValidationError):
        ReportVersion.objects.filter(pk=version.pk).update(correction_reason="x")
    with pytest.raises(ValidationError):
        version.delete()


def test_a_correction_is_a_new_version(world):
    report = _draft(world)
    first = services.report_finalise(actor=world.staff.coach, report=report)
    with pytest.raises(ValidationError) as error:
        services.report_correct(actor=world.staff.coach, report=report, reason=" ")
    assert "reason" in error.value.message_dict
    services.report_texts_update(
        actor=world.staff.agent, report=report, recommendations="Korjattu suositus."
    )
    second = services.report_correct(
        actor=world.staff.agent, report=report, reason="Suositus tarkennettu"
    )
    assert (second.number, second.supersedes_id) == (2, first.pk)
    assert second.snapshot["texts"]["recommendations"] == "Korjattu suositus."
    assert second.content_hash != first.content_hash


@pytest.mark.parametrize(
    ("language", "heading", "hours_label"),
    [
        ("fi", "Loppukooste", "Tunnit"),
        ("sv", "Slutsammanfattning", "Timmar"),
        ("en", "Final summary", "Hours"),
    ],
)
def test_the_pdf_states_the_real_figures(world, language, heading, hours_label):
    report = _draft(world)
    services.report_texts_update(actor=world.staff.coach, report=report, language=language)
    services.report_acknowledge(actor=world.staff.coach, report=report, on=date(2026, 8, 20))
    version = services.report_finalise(actor=world.staff.coach, report=report)
    content = report_pdf(version=version, logo="")
    text = _pdf_text(content)
    assert heading in text
    assert version.snapshot["trainee"]["name"] in text
    assert f"{hours_label}" in text
    assert "18.00" in text
    assert "2.00" in text
    assert "4.00" in text  # the indicator's first and last means
    assert "Työskentelee kokonaisen työpäivän" in text
    assert "Suositellaan palkkatukityötä kiinteistöhuollossa." in text
    assert "20.8.2026" in text  # the acknowledgement
    assert version.content_hash in text.replace("\n", "")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged
    assert catalog["/Lang"] == language
    fonts = [
        font.get_object()["/FontDescriptor"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/FontDescriptor" in font.get_object()
    ] or [
        descendant.get_object()["/FontDescriptor"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        for descendant in font.get_object().get("/DescendantFonts", [])
    ]
    assert fonts
    assert all(
        any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        for descriptor in fonts
    )


def test_the_pdf_embeds_the_logo_and_fetches_nothing_else(world):
    import base64

    from PIL import Image
    from pypdf import PdfReader

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "#1a5e20").save(buffer, format="PNG")
    logo = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    version = services.report_finalise(actor=world.staff.coach, report=_draft(world))
    reader = PdfReader(io.BytesIO(report_pdf(version=version, logo=logo)))
    images = [image for page in reader.pages for image in page.images]
    assert images  # the logo (WeasyPrint shares one image object between the pages)
    assert {image.data for image in images} == {images[0].data}
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        report_pdf(version=version, logo="http://example.invalid/logo.png")


def test_interim_schedule_spans_and_due_list(world):
    spans = interim_spans(period=world.period, today=date(2026, 5, 15))
    assert [span.covers_from for span in spans[:3]] == [
        date(2026, 3, 2),
        date(2026, 4, 2),
        date(2026, 5, 2),
    ]
    assert [span.due for span in spans[:3]] == [True, True, False]
    services.interim_schedule_set(actor=world.staff.coach, period=world.period, interval_months=2)
    spans = interim_spans(period=world.period, today=date(2026, 5, 15))
    assert spans[1].covers_from == date(2026, 5, 2)
    with pytest.raises(ValidationError) as error:
        services.interim_schedule_set(
            actor=world.staff.coach, period=world.period, interval_months=9
        )
    assert "interval_months" in error.value.message_dict
    report = services.interim_report_draft_get_or_create(
        actor=world.staff.coach, period=world.period, covers_from=date(2026, 3, 2)
    )
    assert report.covers_to == date(2026, 5, 1)
    services.report_texts_update(actor=world.staff.coach, report=report, recommendations="Jatkuu.")
    services.report_finalise(actor=world.staff.coach, report=report)
    spans = interim_spans(period=world.period, today=date(2026, 5, 15))
    assert spans[0].finalised
    assert not spans[0].due
    with pytest.raises(ValidationError):
        services.interim_report_draft_get_or_create(
            actor=world.staff.coach, period=world.period, covers_from=date(2026, 3, 3)
        )


def test_delivery_link_code_open_download_and_audit(world, django_capture_on_commit_callbacks):
    report = _draft(world)
    version = services.report_finalise(actor=world.staff.coach, report=report)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.delivery_create(
            actor=world.staff.coach,
            version=version,
            recipient_name="Asiakasvastaava Anna",
            recipient_email="anna@te.example",
            link_base="https://joensuu.example",
        )
    link_mail, code_mail = mail.outbox[-2:]
    assert sent.token in link_mail.body
    assert sent.code not in link_mail.body
    assert sent.code in code_mail.body
    assert sent.token not in code_mail.body
    delivery = sent.delivery
    assert sent.token not in delivery.token_hash
    assert sent.code not in delivery.code_hash
    assert delivery.expires_at - timezone.now() > timedelta(days=6, hours=23)

    assert services.delivery_code_check(token=sent.token, code="00000000")[1] == "wrong_code"
    found, state = services.delivery_code_check(token=sent.token, code=sent.code)
    assert state == "open"
    assert found.pk == delivery.pk
    services.delivery_download_record(delivery=found)
    delivery.refresh_from_db()
    assert (delivery.open_count, delivery.download_count, delivery.failed_attempts) == (1, 1, 1)
    events = [
        event.detail.get("event")
        for event in audit_events_for_trainee(trainee_id=world.period.trainee_id)
        if event.action == AuditEvent.Action.DELIVER
    ]
    assert sorted(events) == ["download", "open", "sent"]

    services.delivery_revoke(actor=world.staff.coach, delivery=delivery)
    assert services.delivery_code_check(token=sent.token, code=sent.code)[1] == "revoked"
    assert services.delivery_code_check(token="nonsense", code=sent.code) == (None, "unknown")


def test_expired_and_locked_links(world):
    version = services.report_finalise(actor=world.staff.coach, report=_draft(world))
    sent = services.delivery_create(
        actor=world.staff.coach,
        version=version,
        recipient_name="Anna",
        recipient_email="anna@te.example",
        link_base="https://x.example",
    )
    for _ in range(4):
        assert services.delivery_code_check(token=sent.token, code="1")[1] == "wrong_code"
    assert services.delivery_code_check(token=sent.token, code="1")[1] == "locked"
    assert services.delivery_code_check(token=sent.token, code=sent.code)[1] == "locked"
    other = services.delivery_create(
        actor=world.staff.coach,
        version=version,
        recipient_name="Anna",
        recipient_email="anna@te.example",
        link_base="https://x.example",
    )
    Delivery.objects.filter(pk=other.delivery.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert services.delivery_code_check(token=other.token, code=other.code)[1] == "expired"


def test_delivery_refusals(world):
    report = _draft(world)
    first = services.report_finalise(actor=world.staff.coach, report=report)
    services.report_correct(actor=world.staff.coach, report=report, reason="Korjaus")
    with pytest.raises(ValidationError) as error:
        services.delivery_create(
            actor=world.staff.coach,
            version=first,
            recipient_name="Anna",
            recipient_email="anna@te.example",
            link_base="https://x.example",
        )
    assert "version" in error.value.message_dict
    latest = ReportVersion.objects.get(report=report, number=2)
    with pytest.raises(ValidationError) as error:
        services.delivery_create(
            actor=world.staff.coach,
            version=latest,
            recipient_name="Anna",
            recipient_email="not-an-address",
            link_base="https://x.example",
        )
    assert "recipient_email" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.delivery_create(
            actor=world.staff.coach2,
            version=latest,
            recipient_name="Anna",
            recipient_email="anna@te.example",
            link_base="https://x.example",
        )
    assert not Delivery.objects.exists()
