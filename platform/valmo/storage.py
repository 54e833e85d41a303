"""File storage with a per-tenant key prefix.

Keys are ``<VALMO_STORAGE_PREFIX>/<schema_name>/<name>``, so one municipality's files can be
listed, exported or deleted on their own and never collide with another's.
"""

from __future__ import annotations

from django.conf import settings
from django_tenants.files.storage import TenantFileSystemStorage as _TenantFileSystemStorage
from storages.backends.s3 import S3Storage

from valmo.tenancy import current_schema_name


def current_prefix() -> str:
    return f"{settings.VALMO_STORAGE_PREFIX}/{current_schema_name()}"


class TenantS3Storage(S3Storage):
    """S3 through boto3; the location follows the schema active when the file is touched."""

    @property
    def location(self) -> str:  # type: ignore[override]
        return current_prefix()


class TenantFileSystemStorage(_TenantFileSystemStorage):
    """Local disk for the embedded run, laid out like the S3 keys."""

    @property
    def base_location(self):
        return str(settings.MEDIA_ROOT / current_prefix())
