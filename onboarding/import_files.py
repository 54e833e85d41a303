"""Where a previewed import file waits for its confirmation, and when it is thrown away.

Files live under ``imports/<user id>/<token>`` through the storage API (the tenant's own key
prefix; S3 in production). A confirmed import deletes its file, and a new upload deletes the
same admin's earlier one; a preview that is never confirmed is deleted by the hourly job
``onboarding.import_previews_prune_all`` once it is ``VALMO_IMPORT_PREVIEW_HOURS`` old, so a
spreadsheet of personal data does not linger in storage.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports"


def stored_name(user_id: int, token: str) -> str:
    return f"{FOLDER}/{user_id}/{token}"


def _files_of(folder: str) -> list[str]:
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in files]


def forget_earlier(user_id: int) -> None:
    """Delete the user's earlier previewed files: only the newest preview can be confirmed."""
    for name in _files_of(f"{FOLDER}/{user_id}"):
        default_storage.delete(name)


def previews_prune(*, now: datetime | None = None) -> int:
    """Delete previewed files older than ``VALMO_IMPORT_PREVIEW_HOURS``; return how many.

    System work in the current municipality's storage; idempotent.
    """
    cutoff = (now or timezone.now()) - timedelta(hours=settings.VALMO_IMPORT_PREVIEW_HOURS)
    try:
        user_dirs, _files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for user_dir in user_dirs:
        for name in _files_of(f"{FOLDER}/{user_dir}"):
            try:
                modified = default_storage.get_modified_time(name)
            except FileNotFoundError:
                continue  # confirmed meanwhile
            if timezone.is_naive(modified):
                modified = timezone.make_aware(modified)
            if modified < cutoff:
                default_storage.delete(name)
                deleted += 1
    return deleted
