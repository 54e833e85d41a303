"""API keys: lifecycle, hashing, expiry, revocation, address ranges, rate limit, isolation.

The permission matrix runs through keys as well: a key acts with its role's permissions
through the one permission layer, and a key of municipality A is unknown on B's host.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.api_keys.selectors import secret_digest
from accounts.api_keys.services import api_key_create, api_key_revoke, api_key_use_record
from accounts.models import ApiKey, User
from privacy.models import AuditEvent
from tests.conftest import host_of
from tests.permissions.test_matrix import HTTP_EXPECTED, HTTP_ROLE_EXPECTED, HTTP_ROLES
from tests.privacy.conftest import MARKER, OTHER_MARKER

pytestmark = pytest.mark.django_db

IN_A_YEAR = timedelta(days=365)


def _key(world, role="tenant_admin", **extra):
    extra.setdefault("expires_at", timezone.now() + IN_A_YEAR)
    return api_key_create(actor=world.staff.admin, name=f"Integraatio {role}", role=role, **extra)


def _api(tenant, token, *, scheme="Bearer", **meta) -> Client:
    return Client(HTTP_HOST=host_of(tenant), HTTP_AUTHORIZATION=f"{scheme} {token}", **meta)


def test_the_secret_is_returned_once_and_only_its_hash_is_stored(world, tenants):
    created = _key(world)
    scheme, prefix, secret = created.token.split("_", 2)
    assert (scheme, prefix) == ("valmo", created.key.prefix)
    assert len(secret) >= 40
    row = ApiKey.objects.get(pk=created.key.pk)
    assert row.secret_hash == secret_digest(secret)
    stored = " ".join(
        str(value) for value in ApiKey.objects.filter(pk=row.pk).values().first().values()
    )
    assert secret not in stored
    # The acting account has the key's role and can never sign in with a password.
    assert row.principal.role == "tenant_admin"
    assert not row.principal.has_usable_password()
    # Both authorisation schemes work; the key acts with its role's permissions.
    for scheme_name in ("Bearer", "Api-Key"):
        response = _api(tenants.a, created.token, scheme=scheme_name).get("/api/v1/trainees/")
        assert response.status_code == 200, response.content
        assert MARKER in response.content.decode()
    row.refresh_from_db()
    assert row.last_used_at is not None
    events = AuditEvent.objects.filter(object_type="accounts.apikey", object_id=str(row.pk))
    assert events.filter(action="create", actor_id=world.staff.admin.pk).exists()


def test_a_wrong_secret_or_malformed_key_is_refused(world, tenants):
    created = _key(world)
    for token in (
        f"valmo_{created.key.prefix}_{'x' * 43}",
        f"valmo_{'0' * 12}_{'x' * 43}",
        created.token[:-1],
    ):
        response = _api(tenants.a, token).get("/api/v1/trainees/")
        assert response.status_code == 401, token
        assert MARKER not in response.content.decode()
        assert response["WWW-Authenticate"].startswith("Bearer")
    # No credentials at all: the API asks for them.
    assert Client(HTTP_HOST=host_of(tenants.a)).get("/api/v1/trainees/").status_code in (401, 403)


def test_only_the_tenant_admin_manages_keys(world):
    with pytest.raises(PermissionDenied):
        api_key_create(
            actor=world.staff.coach,
            name="x",
            role="tenant_admin",
            expires_at=timezone.now() + IN_A_YEAR,
        )


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("name", {"name": "  "}),
        ("role", {"role": "trainee"}),
        ("role", {"role": "platform_operator"}),
        ("expires_at", {"expires_at": timezone.now() - timedelta(minutes=1)}),
        ("expires_at", {"expires_at": timezone.now() + timedelta(days=3 * 365)}),
        ("allowed_networks", {"allowed_networks": "10.0.0.0/8\n300.1.1.1"}),
        ("rate_limit_per_minute", {"rate_limit_per_minute": 100000}),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, field, kwargs):
    before = (ApiKey.objects.count(), User.objects.count())
    arguments = {
        "name": "Integraatio",
        "role": "tenant_admin",
        "expires_at": timezone.now() + IN_A_YEAR,
    }
    arguments.update(kwargs)
    with pytest.raises(ValidationError) as error:
        api_key_create(actor=world.staff.admin, **arguments)
    assert field in error.value.message_dict
    assert (ApiKey.objects.count(), User.objects.count()) == before


def test_an_expired_key_is_refused(world, tenants):
    created = _key(world)
    ApiKey.objects.filter(pk=created.key.pk).update(
        created_at=timezone.now() - timedelta(days=2),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    response = _api(tenants.a, created.token).get("/api/v1/trainees/")
    assert response.status_code == 401
    assert MARKER not in response.content.decode()


def test_a_revoked_key_is_refused_at_once_and_its_account_deactivated(world, tenants):
    created = _key(world)
    assert _api(tenants.a, created.token).get("/api/v1/trainees/").status_code == 200
    api_key_revoke(actor=world.staff.admin, key=created.key)
    again = api_key_revoke(actor=world.staff.admin, key=created.key)  # idempotent
    assert again.revoked_at is not None
    assert again.revoked_by_id == world.staff.admin.pk
    response = _api(tenants.a, created.token).get("/api/v1/trainees/")
    assert response.status_code == 401
    assert not User.objects.get(pk=created.key.principal_id).is_active
    assert AuditEvent.objects.filter(
        object_type="accounts.apikey", object_id=str(created.key.pk), action="change"
    ).exists()


def test_address_ranges_limit_where_a_key_works(world, tenants, settings):
    created = _key(world, allowed_networks="192.0.2.0/24, 2001:db8::/32")
    assert created.key.allowed_networks == ["192.0.2.0/24", "2001:db8::/32"]
    inside = _api(tenants.a, created.token, REMOTE_ADDR="192.0.2.17").get("/api/v1/trainees/")
    assert inside.status_code == 200
    outside = _api(tenants.a, created.token, REMOTE_ADDR="198.51.100.4").get("/api/v1/trainees/")
    assert outside.status_code == 401
    # A forged X-Forwarded-For is ignored unless proxies are configured...
    forged = _api(
        tenants.a, created.token, REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="192.0.2.17"
    ).get("/api/v1/trainees/")
    assert forged.status_code == 401
    # ...and with one proxy of ours, only the entry it appended counts.
    settings.VALMO_TRUSTED_PROXY_COUNT = 1
    proxied = _api(
        tenants.a, created.token, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.17"
    ).get("/api/v1/trainees/")
    assert proxied.status_code == 200
    spoofed = _api(
        tenants.a,
        created.token,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.17, 198.51.100.4",
    ).get("/api/v1/trainees/")
    assert spoofed.status_code == 401


def test_the_rate_limit_gives_429_with_retry_after(world, tenants):
    created = _key(world, rate_limit_per_minute=3)
    client = _api(tenants.a, created.token)
    codes = [client.get("/api/v1/sites/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/sites/")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    # Another key has its own budget.
    other = _key(world, rate_limit_per_minute=3)
    assert _api(tenants.a, other.token).get("/api/v1/sites/").status_code == 200


def test_last_use_is_written_at_most_once_a_minute(world):
    key = _key(world).key
    now = timezone.now()
    assert api_key_use_record(key=key, at=now)
    stale = ApiKey.objects.get(pk=key.pk)
    assert not api_key_use_record(key=stale, at=now + timedelta(seconds=30))
    assert api_key_use_record(key=stale, at=now + timedelta(seconds=61))
    assert ApiKey.objects.get(pk=key.pk).last_used_at == now + timedelta(seconds=61)


def test_keys_of_a_municipality_are_unknown_on_another_host(world, tenants):
    created = _key(world)
    for method, template, attribute, _ in HTTP_EXPECTED.values():
        path = template.format(getattr(world.own, attribute).pk)
        client = _api(tenants.b, created.token)
        response = client.post(path, {}) if method == "POST" else client.get(path)
        assert response.status_code == 401, (path, response.status_code)
        assert MARKER not in response.content.decode(errors="replace")
    for path in HTTP_ROLE_EXPECTED:
        if path.startswith("/api/"):
            assert _api(tenants.b, created.token).get(path).status_code == 401
    connection.set_tenant(tenants.a)


# --- The permission matrix through keys -------------------------------------------------------

KEY_ROLES = ["tenant_admin", "work_coach", "career_agent", "unit_supervisor"]


def _through_key(expected_for_user: str, role: str) -> str:
    """A key of a scoped role owns no group: what its user would see as own becomes 404."""
    if role == "tenant_admin":
        return expected_for_user
    return "/".join("404" if code == "200" else code for code in expected_for_user.split("/"))


@pytest.mark.parametrize("role", KEY_ROLES)
def test_the_permission_matrix_holds_through_keys(world, tenants, role):
    created = _key(world, role=role)
    client = _api(tenants.a, created.token)
    for endpoint, (method, template, attribute, table) in sorted(HTTP_EXPECTED.items()):
        expected = _through_key(dict(zip(HTTP_ROLES, table.split(), strict=True))[role], role)
        codes = []
        for records, secret in ((world.own, MARKER), (world.other, OTHER_MARKER)):
            path = template.format(getattr(records, attribute).pk)
            if method == "POST":
                response = client.post(
                    path,
                    {"to_phase": "interrupted", "reason": "sairaus"},
                    content_type="application/json",
                )
            else:
                response = client.get(path)
            codes.append(str(response.status_code))
            if response.status_code != 200:
                assert secret not in response.content.decode(errors="replace")
        assert "/".join(codes) == expected, endpoint
    for path, table in HTTP_ROLE_EXPECTED.items():
        if path.startswith("/api/"):
            expected = dict(zip(HTTP_ROLES, table.split(), strict=True))[role]
            assert str(client.get(path).status_code) == expected, path


def test_a_key_does_not_open_the_web_app(world, tenants):
    created = _key(world)
    response = _api(tenants.a, created.token).get("/valmentautujat/")
    assert response.status_code == 302  # the session web app ignores API keys


def test_a_coach_roled_key_is_nobodys_coach(world):
    from accounts.selectors import work_coaches_active
    from coaching.selectors import coach_group_size_list

    created = _key(world, role="work_coach")
    assert created.key.principal not in work_coaches_active()
    assert created.key.principal not in coach_group_size_list()
    assert world.staff.coach in work_coaches_active()
