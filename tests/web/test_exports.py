"""The data-subject export as a PDF built by a Celery task, and branded PDFs."""

# ruff: noqa: F811 - fixtures imported from other test modules are parameters here

from __future__ import annotations

import io
import re

import pytest

from competence.models import CompetenceCertificate
from privacy.models import AuditEvent, ExportJob
from privacy.services import trainee_rows
from tests.competence.conftest import (  # noqa: F401 - fixtures used by these tests
    log_day,
    peruste,
    recognise,
    site,
    tasks,
    yard_unit,
)
from tests.web.test_brand import png
from tests.web.test_competence import _issue, _tick, setting  # noqa: F401

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _images(content: bytes) -> int:
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(content)).pages[0]
    objects = page["/Resources"].get("/XObject") or {}
    return sum(1 for name in objects if objects[name].get_object()["/Subtype"] == "/Image")


def _client(client_for, tenant, user, language="en"):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def test_the_export_pdf_is_built_in_the_background_with_the_real_figures(
    tenant_a, staff, make_period, client_for, django_capture_on_commit_callbacks
):
    from coaching.services import brand_update

    brand_update(actor=staff.admin, brand_colour="#1A5E20", logo=png())
    period = make_period("coaching")
    trainee = period.trainee
    client = _client(client_for, tenant_a, staff.admin)
    page = client.get(f"/valmentautujat/{trainee.pk}/")
    assert f"/valmentautujat/{trainee.pk}/tietopyynto/" in page.content.decode()
    url = f"/valmentautujat/{trainee.pk}/tietopyynto/"
    assert client.get(url).status_code == 200
    expected_rows = sum(len(rows) for _model, rows in trainee_rows(trainee))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"language": "en"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == f"/tietopyynnot/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.progress == 100
    assert job.rows == expected_rows
    status = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in status
    assert f"/tietopyynnot/{job.pk}/pdf/" in status
    download = client.get(f"/tietopyynnot/{job.pk}/pdf/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    text = _text(content)
    assert f"{trainee.first_name} {trainee.last_name}" in text
    assert tenant_a.name in text
    assert f"{expected_rows} records in all." in text
    assert period.start_on.isoformat() in text
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged (PDF/UA-1)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for name in fonts:
        font = fonts[name].get_object()
        descendant = font.get("/DescendantFonts")
        descriptor = (
            descendant[0].get_object()["/FontDescriptor"] if descendant else font["/FontDescriptor"]
        )
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert _images(content) == 1  # the municipality's logo
    events = AuditEvent.objects.filter(action="export", trainee_id=trainee.pk)
    assert events.count() == 2  # the build and the download
    assert {event.detail["format"] for event in events} == {"pdf"}


def test_the_export_speaks_the_chosen_language(
    tenant_a, staff, make_period, client_for, django_capture_on_commit_callbacks
):
    trainee = make_period("coaching").trainee
    client = _client(client_for, tenant_a, staff.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/valmentautujat/{trainee.pk}/tietopyynto/", {"language": "fi"})
    job = ExportJob.objects.get()
    job.refresh_from_db()
    text = _text(b"".join(client.get(f"/tietopyynnot/{job.pk}/pdf/").streaming_content))
    assert "Henkilötiedot" in text
    bad = client.post(f"/valmentautujat/{trainee.pk}/tietopyynto/", {"language": "de"})
    assert bad.status_code == 400
    assert "language" in bad.context["form"].errors
    assert ExportJob.objects.count() == 1


def test_a_queued_export_shows_progress_and_is_refused_outside_the_role(
    tenant_a, staff, make_period, client_for, django_capture_on_commit_callbacks
):
    trainee = make_period("coaching").trainee
    admin = _client(client_for, tenant_a, staff.admin)
    with django_capture_on_commit_callbacks(execute=False):
        admin.post(f"/valmentautujat/{trainee.pk}/tietopyynto/", {"language": "en"})
    job = ExportJob.objects.get()
    page = admin.get(f"/tietopyynnot/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'value="0"' in page
    assert admin.get(f"/tietopyynnot/{job.pk}/pdf/").status_code == 404  # not ready
    coach = _client(client_for, tenant_a, staff.coach)
    assert coach.get(f"/valmentautujat/{trainee.pk}/tietopyynto/").status_code == 403
    assert coach.get(f"/tietopyynnot/{job.pk}/").status_code == 403
    assert (
        f"/valmentautujat/{trainee.pk}/tietopyynto/"
        not in coach.get(f"/valmentautujat/{trainee.pk}/").content.decode()
    )


def test_anonymising_deletes_the_built_exports(
    tenant_a, staff, make_period, client_for, django_capture_on_commit_callbacks
):
    from privacy.services import trainee_anonymise

    trainee = make_period("coaching").trainee
    client = _client(client_for, tenant_a, staff.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/valmentautujat/{trainee.pk}/tietopyynto/", {"language": "en"})
    job = ExportJob.objects.get()
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        record = trainee_anonymise(actor=staff.admin, trainee=trainee)
    assert record.summary["privacy.exportjob"] == 1
    assert not ExportJob.objects.exists()
    assert not storage.exists(name)


def test_the_certificate_pdf_carries_the_municipality_brand(tenant_a, staff, setting, client_for):
    from coaching.services import brand_update

    client = _client(client_for, tenant_a, staff.coach)
    _tick(client, setting)
    assert _issue(client, setting).status_code == 302
    certificate = CompetenceCertificate.objects.get()
    plain = client.get(f"/osaamistodistukset/{certificate.pk}/pdf/").content
    assert _images(plain) == 0
    brand_update(actor=staff.admin, brand_colour="#1A5E20", logo=png())
    branded = client.get(f"/osaamistodistukset/{certificate.pk}/pdf/").content
    assert _images(branded) == 1
    assert _text(branded) == _text(plain)  # the brand changes no word of the certificate
