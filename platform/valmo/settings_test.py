"""Test settings: fast hashing, in-memory mail, eager nothing (the worker tests are real)."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The browser tests' server writes mail to files (EMAIL_FILE_PATH) so a journey can read a link.
EMAIL_BACKEND = os.environ.get(
    "VALMO_TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
# Off (an empty dict would keep allauth's defaults); tests/accounts turn the real limits on.
ACCOUNT_RATE_LIMITS = False
VALMO_TEST_TENANT_DOMAIN_SUFFIX = "test.localhost"
CELERY_TASK_ALWAYS_EAGER = True
VALMO_WEBHOOK_ALLOW_LOCAL_HTTP = True  # the webhook tests post to a receiver on 127.0.0.1
VALMO_WEBHOOK_RETRY_BASE_SECONDS = 0
# A server process the browser tests start writes its mail to files they read
# (tests/browser/conftest.py: server_mail_dir); the outbox of another process is out of reach.
if os.environ.get("VALMO_TEST_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = Path(os.environ["VALMO_TEST_MAIL_DIR"])
# Off unless a test turns them on: a pool would clone schemas after every onboarding test, and
# cached hosts would outlive the rolled-back rows of a test (tests/tenants/test_schema_pool.py,
# tests/tenants/test_routing_cache.py).
VALMO_SCHEMA_POOL_SIZE = 0
VALMO_TENANT_ROUTING_CACHE_SECONDS = 0
VALMO_TENANT_ROUTING_LOCAL_SECONDS = 0

# pytest-xdist: each worker has its own test database (pytest-django adds _gw0, _gw1, ...), and
# here its own Redis database (REDIS_URL's number plus the worker's), or without Redis its own
# broker folders, and its own media folder. Celery workers and servers that the tests start
# inherit PYTEST_XDIST_WORKER, so they compute the same.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw"):
    _index = int(_xdist_worker[2:])
    MEDIA_ROOT = MEDIA_ROOT / _xdist_worker  # noqa: F405
    if REDIS_URL:  # type: ignore[used-before-def]  # noqa: F405 (from the star import)
        _url = urlsplit(REDIS_URL)  # type: ignore[used-before-def]  # noqa: F405
        _db = int(_url.path.lstrip("/") or 0) + _index
        REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
        CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
        CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    else:
        _broker_dir = VAR_DIR / "celery" / _xdist_worker  # noqa: F405
        for _sub in ("out", "processed", "results", "control"):
            (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
        CELERY_BROKER_TRANSPORT_OPTIONS = {
            **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
            "data_folder_in": str(_broker_dir / "out"),
            "data_folder_out": str(_broker_dir / "out"),
            "processed_folder": str(_broker_dir / "processed"),
            "control_folder": str(_broker_dir / "control"),
        }
        CELERY_RESULT_BACKEND = f"file://{_broker_dir / 'results'}"
