"""Test settings: fast hashing, in-memory mail, eager nothing (the worker tests are real)."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Off (an empty dict would keep allauth's defaults); tests/accounts turn the real limits on.
ACCOUNT_RATE_LIMITS = False
VALMO_TEST_TENANT_DOMAIN_SUFFIX = "test.localhost"
CELERY_TASK_ALWAYS_EAGER = True
