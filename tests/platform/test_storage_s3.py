"""Files go to S3 through boto3 under the municipality's own key prefix (moto server mode)."""

from __future__ import annotations

import boto3
import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context
from moto.server import ThreadedMotoServer

from valmo.storage import TenantS3Storage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]
BUCKET = "valmo-test-documents"


@pytest.fixture(scope="module")
def s3_endpoint(free_port):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-north-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    yield endpoint
    server.stop()


def _storage(endpoint: str) -> TenantS3Storage:
    return TenantS3Storage(
        bucket_name=BUCKET,
        endpoint_url=endpoint,
        region_name="eu-north-1",
        access_key="test",
        secret_key="test",
        file_overwrite=False,
    )


def test_file_lands_under_the_tenant_prefix(tenants, s3_endpoint):
    storage = _storage(s3_endpoint)
    with schema_context(tenants.a.schema_name):
        name = storage.save("attachments/referral.txt", ContentFile("lähete".encode()))

    assert name == "attachments/referral.txt"
    keys = [
        obj["Key"]
        for obj in boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name="eu-north-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        ).list_objects_v2(Bucket=BUCKET)["Contents"]
    ]
    assert keys == ["tenants/test_a/attachments/referral.txt"]
    with schema_context(tenants.a.schema_name):
        assert storage.open(name).read().decode() == "lähete"
    with schema_context(tenants.b.schema_name):
        assert not storage.exists(name)
