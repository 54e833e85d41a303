# ruff: noqa: F811  (pytest fixtures imported from the shared conftest)
"""On S3 (moto's server): the report PDF lands under the municipality's prefix with
server-side encryption, and a download is a short-lived signed URL, each one audited."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer

from competence.reports.models import ReportFile, ReportVersion
from privacy.models import AuditEvent
from tests.competence.conftest import (  # noqa: F401 - fixtures used by ``world``
    log_day,
    peruste,
    recognise,
    site,
    tasks,
    yard_unit,
)
from tests.competence.reports.conftest import world  # noqa: F401 - the shared period

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
BUCKET = "valmo-test-reports"


@pytest.fixture
def s3(free_port, settings):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-north-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "valmo.storage.TenantS3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "eu-north-1",
                "access_key": "test",
                "secret_key": "test",
                "file_overwrite": False,
                "default_acl": None,
                "querystring_auth": True,
                "object_parameters": {"ServerSideEncryption": "AES256"},
            },
        },
    }
    yield client
    server.stop()


def test_the_pdf_is_stored_encrypted_under_the_prefix_and_downloaded_signed(
    world,
    s3,
    tenant_a,
    client_for,
    django_capture_on_commit_callbacks,
):
    coach = client_for(tenant_a, world.staff.coach)
    url = f"/jaksot/{world.period.pk}/loppukooste/"
    coach.post(url + "aloita/")
    report = world.period.reports.get()
    coach.post(
        f"/raportit/{report.pk}/tekstit/",
        {"language": "fi", "work_capacity": "Hyvä.", "recommendations": "Palkkatukityö."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        coach.post(f"/raportit/{report.pk}/viimeistele/", {"confirm": "on"})
    version = ReportVersion.objects.get(report=report)
    row = ReportFile.objects.get(version=version)
    assert row.status == "done"
    key = f"tenants/{tenant_a.schema_name}/{row.file.name}"
    assert key.startswith(f"tenants/{tenant_a.schema_name}/reports/{report.pk}/")
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ServerSideEncryption"] == "AES256"

    response = coach.get(f"/raporttiversiot/{version.pk}/pdf/")
    assert response.status_code == 302
    signed = response["Location"]
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    assert requests.get(signed, timeout=10).content.startswith(b"%PDF")
    assert (
        AuditEvent.objects.filter(
            action="export", object_type="reports.reportversion", object_id=str(version.pk)
        ).count()
        == 1
    )
