"""Health endpoint: database, broker and storage, each checked for real."""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from valmo.celery import app


def _check(fn) -> dict[str, object]:
    started = time.perf_counter()
    try:
        fn()
    except Exception as exc:  # health must report, not raise
        return {"ok": False, "error": exc.__class__.__name__, "detail": str(exc)[:200]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker() -> None:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        if not default_storage.exists(name):
            raise OSError("written health file not found")
    finally:
        default_storage.delete(name)


@never_cache
def health(request):
    checks = {"database": _check(_database), "broker": _check(_broker), "storage": _check(_storage)}
    healthy = all(c["ok"] for c in checks.values())
    payload = {"status": "ok" if healthy else "error", "checks": checks}
    if settings.DEBUG:
        payload["schema"] = connection.schema_name
    return JsonResponse(payload, status=200 if healthy else 503)
