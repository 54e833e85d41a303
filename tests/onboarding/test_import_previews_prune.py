"""Previewed import files never confirmed are deleted after VALMO_IMPORT_PREVIEW_HOURS."""

from __future__ import annotations

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from onboarding.import_files import FOLDER, forget_earlier, previews_prune, stored_name

pytestmark = pytest.mark.django_db


def _age(name: str, hours: float) -> None:
    """Back-date a stored file (FileSystemStorage outside production)."""
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


def test_abandoned_previews_are_deleted_and_fresh_ones_kept(tenant_a, settings):
    settings.VALMO_IMPORT_PREVIEW_HOURS = 24
    old = default_storage.save(stored_name(901, "a" * 32 + ".csv"), ContentFile(b"x"))
    other_old = default_storage.save(stored_name(902, "b" * 32 + ".xlsx"), ContentFile(b"y"))
    fresh = default_storage.save(stored_name(902, "c" * 32 + ".csv"), ContentFile(b"z"))
    _age(old, 25)
    _age(other_old, 48)
    try:
        assert previews_prune() == 2
        assert not default_storage.exists(old)
        assert not default_storage.exists(other_old)
        assert default_storage.exists(fresh)
        assert previews_prune() == 0  # idempotent
    finally:
        forget_earlier(901)
        forget_earlier(902)


def test_nothing_to_prune_without_an_imports_folder(tenant_a):
    for user_dir in default_storage.listdir(FOLDER)[0] if default_storage.exists(FOLDER) else []:
        forget_earlier(int(user_dir))
    assert previews_prune() == 0
