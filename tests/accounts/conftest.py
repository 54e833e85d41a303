"""Helpers for the sign-in tests: accounts with a real password and a confirmed address."""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client

PASSWORD = "Kahvitauko-2026!"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and used TOTP codes live in the cache, which outlives each test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_account():
    """Create a user with ``PASSWORD`` and a confirmed e-mail address in ``tenant``'s schema."""

    def make(tenant, *, role: str, email: str | None = None, verified: bool = True, **extra):
        from allauth.account.models import EmailAddress

        from accounts.models import User

        if tenant is None:
            connection.set_schema_to_public()
        else:
            connection.set_tenant(tenant)
        user = User.objects.create_user(
            email=email or f"{role}-{os.urandom(3).hex()}@example.fi",
            password=PASSWORD,
            role=role,
            **extra,
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
        return user

    return make


def host_client(host: str, **kwargs) -> Client:
    return Client(HTTP_HOST=host, **kwargs)


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def link_in_mail(pattern: str, message=None) -> str:
    """Return the path of the first link in the (last) e-mail that matches ``pattern``."""
    message = message or mail.outbox[-1]
    match = re.search(r"https?://[^/\s]+(" + pattern + r"[^\s]*)", message.body)
    assert match, message.body
    return match.group(1)
