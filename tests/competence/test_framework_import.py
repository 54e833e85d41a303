"""Framework imports requested by an operator and run by the (eager) Celery task."""

from __future__ import annotations

import gzip
import http.server
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from competence.frameworks.import_jobs import framework_import_request, framework_import_run
from competence.frameworks.models import FrameworkImport, Qualification, Requirement
from competence.frameworks.samples import SAMPLES_DIR
from competence.frameworks.tasks import framework_import_queue

pytestmark = pytest.mark.django_db

TELMA = SAMPLES_DIR / "rakenne-telma.json.gz"
BROKEN = SAMPLES_DIR / "rakenne-virheellinen-puuteollisuuden-perustutkinto.json.gz"


@pytest.fixture
def operator(tenants, make_user):
    connection.set_schema_to_public()
    from accounts.models import User

    user = User.objects.create_user(
        email="operaattori@example.fi",
        password="x" * 12,
        role="platform_operator",
        is_staff=True,
        is_superuser=True,
    )
    return user


def _upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_an_uploaded_sample_is_imported_with_progress(operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = framework_import_request(actor=operator, upload=_upload(TELMA))
        framework_import_queue(job.pk)
    job.refresh_from_db()
    assert job.status == FrameworkImport.Status.DONE
    assert job.step == FrameworkImport.Step.FINISHED
    assert job.progress == 100
    assert job.result["status"] == "created"
    qualification = Qualification.objects.get(eperusteet_id=job.result["eperusteet_id"])
    assert job.version == qualification.current_version
    stored = Requirement.objects.filter(unit__qualification=qualification).count()
    assert job.result["requirements"]["created"] == stored > 0
    assert job.requested_by == str(operator)
    # The same document again changes nothing; a finished job is left alone when re-run.
    with django_capture_on_commit_callbacks(execute=True):
        again = framework_import_request(actor=operator, upload=_upload(TELMA))
        framework_import_queue(again.pk)
    again.refresh_from_db()
    assert again.result["status"] == "unchanged"
    assert framework_import_run(import_id=again.pk).result == again.result


def test_a_broken_document_fails_with_its_path_and_imports_nothing(
    operator, django_capture_on_commit_callbacks
):
    before = Qualification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        job = framework_import_request(actor=operator, upload=_upload(BROKEN))
        framework_import_queue(job.pk)
    job.refresh_from_db()
    assert job.status == FrameworkImport.Status.FAILED
    assert "$." in job.error
    assert Qualification.objects.count() == before
    with django_capture_on_commit_callbacks(execute=True):
        garbage = framework_import_request(
            actor=operator, upload=SimpleUploadedFile("x.json.gz", b"\x1f\x8bnot gzip")
        )
        framework_import_queue(garbage.pk)
    garbage.refresh_from_db()
    assert garbage.status == FrameworkImport.Status.FAILED


def test_an_id_is_fetched_from_the_api(operator, django_capture_on_commit_callbacks):
    document = gzip.decompress(TELMA.read_bytes())
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers.get("Caller-Id")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        job = framework_import_request(actor=operator, eperusteet_id=4242)
        base = f"http://127.0.0.1:{server.server_port}/api"
        framework_import_run(import_id=job.pk, api_base=base, timeout=5)
    finally:
        server.shutdown()
    job.refresh_from_db()
    assert seen == [("/api/peruste/4242", "valmo.import")]
    assert job.status == FrameworkImport.Status.DONE
    assert job.result["status"] == "created"
    unreachable = framework_import_request(actor=operator, eperusteet_id=4243)
    framework_import_run(import_id=unreachable.pk, api_base="http://127.0.0.1:9/api", timeout=2)
    unreachable.refresh_from_db()
    assert unreachable.status == FrameworkImport.Status.FAILED
    assert "Could not reach ePerusteet" in unreachable.error


def test_requests_are_checked(operator, tenant_a, make_user):
    coach = make_user(tenant_a, role="tenant_admin")
    with pytest.raises(PermissionDenied):
        framework_import_request(actor=coach, eperusteet_id=1)
    connection.set_schema_to_public()
    for arguments, field in (
        ({}, "document"),
        ({"eperusteet_id": 0}, "eperusteet_id"),
        ({"upload": SimpleUploadedFile("notes.txt", b"{}")}, "document"),
    ):
        with pytest.raises(ValidationError) as error:
            framework_import_request(actor=operator, **arguments)
        assert field in error.value.message_dict
    assert not FrameworkImport.objects.exists()


def test_the_admin_queues_an_upload_and_shows_progress(
    operator, settings, django_capture_on_commit_callbacks
):
    from tenants.models import Domain

    public = Domain.objects.filter(tenant__schema_name="public").first()
    client = Client(HTTP_HOST=public.domain if public else "localhost")
    client.force_login(operator)
    add = "/admin/qualifications/frameworkimport/add/"
    assert client.get(add).status_code == 200
    assert client.post(add, {}).status_code == 400
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(add, {"document": _upload(TELMA)})
    assert response.status_code == 302
    job = FrameworkImport.objects.get()
    queued = client.get(response["Location"])
    assert 'http-equiv="refresh"' in queued.content.decode()  # polled while it runs
    for callback in callbacks:
        callback()
    done = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in done
    job.refresh_from_db()
    assert job.status == FrameworkImport.Status.DONE
    assert 'value="100"' in done
