"""Malformed input to every URL of both URL confs never gets a 5xx.

The URL confs are walked (nothing is listed by hand), each route is filled with a real object
where it names one, and a signed-in user whose role may use the view sends bad query strings
and bad bodies: deep JSON, huge and negative numbers, text where numbers go, NUL bytes,
over-long strings, wrong content types, invalid UTF-8 and oversized bodies. A new view is
covered as soon as it is routed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre_c  # private, but the stdlib's own parser (sre_* before 3.11)
from re import _parser as sre_parse

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.privacy.conftest import SupportClient

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
NEGATIVE = str(-(2**63) - 1)
LONG = "9" * 5000
NUL = "a\x00b"
# Query parameters views and the admin read, plus what the pages' own forms name.
NUMERIC_NAMES = ["limit", "offset", "page", "p", "id", "pk"]
QUERY_NAMES = ["limit", "offset", "page", "p", "q", "o", "e", "as", "id", "pk", "next", "all"]
BODY_NAMES = ["to_phase", "reason", "id", "pk", "email", "login", "password", "next", "code"]
OVERSIZED = 2 * 1024 * 1024  # above DATA_UPLOAD_MAX_MEMORY_SIZE


@dataclass(frozen=True)
class Route:
    path: str
    name: str  # namespace:name
    kind: str  # api, admin-form, admin, page


# --- Walking the URL confs -----------------------------------------------------------------


def _strip(regex: str) -> str:
    regex = regex.removeprefix("^")
    for end in ("\\Z", "$"):
        regex = regex.removesuffix(end)
    return regex


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, object]]:
    for pattern in patterns:
        regex = prefix + _strip(pattern.pattern.regex.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, regex, inner)
        elif isinstance(pattern, URLPattern):
            yield regex, ":".join(filter(None, [namespace, pattern.name or ""])), pattern.callback


def _example(regex: str, fill: dict[str, str]) -> str:
    """A string the regex matches, with named groups taken from ``fill`` where given."""
    parsed = sre_parse.parse(regex)
    names = {number: name for name, number in parsed.state.groupdict.items()}

    def chars(items) -> str:
        out = []
        for op, arg in items:
            if op is sre_c.LITERAL:
                out.append(chr(arg))
            elif op in (sre_c.NOT_LITERAL, sre_c.ANY):
                out.append("x")
            elif op is sre_c.IN:
                out.append(one_of(arg))
            elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
                low, _high, sub = arg
                out.append(chars(sub) * max(low, 1))
            elif op is sre_c.SUBPATTERN:
                group, _add, _del, sub = arg
                name = names.get(group)
                out.append(fill[name] if name in fill else chars(sub))
            elif op is sre_c.BRANCH:
                out.append(chars(arg[1][0]))
            elif op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
                continue
            else:
                raise AssertionError(f"teach _example the regex operator {op} ({regex})")
        return "".join(out)

    def one_of(options) -> str:
        op, arg = options[0]
        if op is sre_c.NEGATE:
            return "x"
        if op is sre_c.LITERAL:
            return chr(arg)
        if op is sre_c.RANGE:
            return chr(arg[0])
        if op is sre_c.CATEGORY:
            return {sre_c.CATEGORY_DIGIT: "1", sre_c.CATEGORY_SPACE: " "}.get(arg, "a")
        raise AssertionError(f"teach _example the character class {op} ({regex})")

    return "/" + chars(parsed)


def _admin_models() -> dict[str, type]:
    return {f"admin:{m._meta.app_label}_{m._meta.model_name}_": m for m in admin.site._registry}


def _schema_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            [connection.schema_name],
        )
        return {row[0] for row in cursor.fetchall()}


def _routes(urlconf: str, ids: dict[str, int]) -> list[Route]:
    """Every route of the URL conf with its groups filled; admin pages of models whose table
    is in the current schema only (the others are refused before any input is read)."""
    models = _admin_models()
    tables = _schema_tables()
    routes = []
    seen_views = set()
    for regex, name, view in _walk(get_resolver(urlconf).url_patterns):
        fill = {"url": "x"}
        short = name.rpartition(":")[2]
        for key, value in ids.items():
            if short.startswith(key):
                fill["pk"] = str(value)
        kind = "api" if name.startswith("api:") else "page"
        model = next((m for prefix, m in models.items() if name.startswith(prefix)), None)
        if model is not None:
            if model._meta.db_table not in tables:
                continue
            obj = model._default_manager.order_by("pk").first()
            fill["object_id"] = str(obj.pk) if obj is not None else "1"
            kind = "admin-form" if name.endswith(("_add", "_change")) else "admin"
        elif name.startswith("admin:") or regex.startswith("admin/"):
            kind = "admin"
        elif view in seen_views:
            continue  # the same view under a second address (allauth's aliases)
        seen_views.add(view)
        routes.append(Route(_example(regex, fill), name, kind))
    return routes


# --- The malformed input ---------------------------------------------------------------------


def _query_strings(kind: str) -> list[str]:
    """Every parameter huge; then the other bad values, rotated over the parameters.

    The API also gets each parameter huge on its own: a huge offset hides a huge limit (an
    offset past the end returns no rows without asking the database).
    """
    rotated = ["abc%00", NEGATIVE, HUGE, "%ff%fe", LONG, "1e999", "1.5", "-1"]
    queries = [
        "&".join(f"{name}={HUGE}" for name in QUERY_NAMES),
        "&".join(f"{name}={rotated[i % len(rotated)]}" for i, name in enumerate(QUERY_NAMES)),
    ]
    if kind == "api":
        queries += [f"{name}={HUGE}" for name in NUMERIC_NAMES]
    elif kind == "admin":
        queries = queries[-1:]  # the admin's lists: one rotated query reaches every parameter
    return queries


def _field_names(response) -> list[str]:
    """Names of the inputs on the page's own forms, plus the usual API fields."""
    names = set(BODY_NAMES)
    if "html" in response.get("Content-Type", ""):
        names.update(re.findall(r'name="([^"]+)"', response.content.decode(errors="replace")))
    names.discard("csrfmiddlewaretoken")
    return sorted(names)


FORM = "application/x-www-form-urlencoded"


def _rotated_form(names: list[str]) -> bytes:
    """Every field one of the bad values, in turn (so each value reaches some field)."""
    values = [b"a%00b", LONG.encode(), b"-1", NEGATIVE.encode(), b"%ff%fe", b"\xff\xfe", b"1.5"]
    return b"&".join(name.encode() + b"=" + values[i % len(values)] for i, name in enumerate(names))


def _form_bodies(names: list[str]) -> list[tuple[str, str, bytes | dict]]:
    return [
        ("form huge", FORM, "&".join(f"{name}={HUGE}" for name in names).encode()),
        ("form nul", FORM, "&".join(f"{name}=a%00b" for name in names).encode()),
        ("form rotated", FORM, _rotated_form(names)),
        ("multipart nul", "multipart", dict.fromkeys(names, NUL)),
    ]


def _admin_bodies(names: list[str]) -> list[tuple[str, str, bytes | dict]]:
    """Two bodies for the admin's model forms: every field huge, then the rest rotated."""
    return [
        ("form huge", FORM, "&".join(f"{name}={HUGE}" for name in names).encode()),
        ("form rotated", FORM, _rotated_form(names)),
    ]


def _page_bodies(names: list[str]) -> list[tuple[str, str, bytes | dict]]:
    """Bodies for the site's and allauth's form views (they read forms, not JSON)."""
    return [
        *_form_bodies(names),
        ("deep array", "application/json", ("[" * 1000 + "]" * 1000).encode()),
        ("plain text", "text/plain", b"to_phase=x"),
        ("oversized form", FORM, b"a=" + b"x" * OVERSIZED),
    ]


def _bodies(names: list[str]) -> list[tuple[str, str, bytes | dict]]:
    """(label, content type, body) of every malformed body for an API view that takes POSTs."""
    json_of = {
        "huge": HUGE,
        "negative": NEGATIVE,
        "nul": '"a\\u0000b"',
        "long": '"' + "x" * 20_000 + '"',
        "nested": '{"a": ["b"]}',
        "infinite": "1e999",
    }
    bodies = _page_bodies(names)
    bodies += [
        ("deep object", "application/json", ('{"a":' * 1000 + "1" + "}" * 1000).encode()),
        ("invalid utf-8", "application/json", b'{"reason": "\xff\xfe"}'),
        ("oversized json", "application/json", b'{"a": "' + b"x" * OVERSIZED + b'"}'),
        ("empty json", "application/json", b""),
    ]
    for label, value in json_of.items():
        body = "{" + ", ".join(f'"{name}": {value}' for name in names) + "}"
        bodies.append((f"json {label}", "application/json", body.encode()))
    return bodies


# --- Sending it --------------------------------------------------------------------------------


class _ServerError(Exception):
    def __init__(self, response):
        self.response = response


def _send(client, method: str, path: str, **kwargs):
    """One request in a savepoint: a failed query must not poison the next request."""
    try:
        with transaction.atomic():
            response = getattr(client, method)(path, **kwargs)
            if response.status_code >= 500:
                raise _ServerError(response)
            return response
    except _ServerError as error:
        return error.response


def _exercise(make_client, routes: list[Route], failures: list[str]) -> Counter:
    """Send the malformed input; return how many requests got which status."""
    statuses: Counter = Counter()

    def check(method: str, label: str, route: Route, response) -> None:
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            where = response.request["PATH_INFO"]
            failures.append(f"{method} {label} {where} ({route.name}): {response.status_code}")

    for route in routes:
        client, path = make_client(route)
        probe = _send(client, "get", path)
        check("GET", "plain", route, probe)
        if route.kind == "admin" and not route.name.endswith("_changelist"):
            continue  # history, delete confirmation, redirects: they read only the object id
        if probe.status_code != 405 and route.kind != "admin-form":
            for query in _query_strings(route.kind):
                check("GET", query[:40], route, _send(client, "get", f"{path}?{query}"))
        if route.kind == "admin":
            continue
        names = _field_names(probe)
        if route.kind == "admin-form":
            bodies = _admin_bodies(names)  # the admin's forms always take POSTs
        else:
            probe = _send(client, "post", path, data=b"", content_type=FORM)
            check("POST", "empty", route, probe)
            if probe.status_code == 405:
                continue
            bodies = _bodies(names) if route.kind == "api" else _page_bodies(names)
        for label, content_type, body in bodies:
            if content_type == "multipart":
                response = _send(client, "post", path, data=body)
            else:
                response = _send(client, "post", path, data=body, content_type=content_type)
            check("POST", label, route, response)
    return statuses


def _web_ids(world) -> dict[str, int]:
    """Real ids for the web app's goal and activity pages (their URL names' prefixes)."""
    from coaching.models import ActivityType
    from coaching.services.activities import activity_create
    from coaching.services.goals import goal_create
    from tests.coaching.conftest import START, at

    goal = goal_create(actor=world.staff.coach, period=world.own.period, text="Arjen rytmi")
    activity = activity_create(
        actor=world.staff.coach,
        activity_type=ActivityType.objects.order_by("pk").first(),
        title="Työnhakupaja",
        starts_at=at(START, 10),
    )
    return {"period_goal": world.own.period.pk, "goal_": goal.pk, "activity_": activity.pk}


def _site(world):
    from coaching.models import Site

    return Site.objects.create(name="Testitoimipaikka", address="Katu 1")


@pytest.fixture
def signed_in(world, tenants):
    """Clients whose role may use each view: so the view really parses what it is sent."""
    admin_user = world.staff.admin
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    operator = world.users["platform_operator_granted"]

    def signed_out(client) -> bool:
        cookie = client.cookies.get("sessionid")
        return cookie is None or not cookie.value

    def tenant_client(user):
        clients: list[Client] = []

        def make(route: Route):
            # One client while it stays signed in (a sign-out page ends its session).
            if not clients or signed_out(clients[0]):
                client = Client(HTTP_HOST=tenants.a.get_primary_domain().domain)
                client.raise_request_exception = False
                client.force_login(user)
                clients[:] = [client]
            return clients[0], route.path

        return make

    operators: list[Client] = []

    def operator_client(route: Route):
        if not operators or signed_out(operators[0]):
            connection.set_schema_to_public()
            type(operator).objects.filter(pk=operator.pk).update(is_staff=True)
            client = SupportClient(tenants.a)
            client.raise_request_exception = False
            client.force_login(operator)
            connection.set_tenant(tenants.a)
            operators[:] = [client]
        path = re.sub(r"^/support/[^/]+/", f"/support/{tenants.a.slug}/", route.path)
        return operators[0], path

    return {
        "admin": tenant_client(admin_user),
        "coach": tenant_client(world.staff.coach),
        "operator": operator_client,
    }


def _page_ids(world) -> dict[str, int]:
    """Real objects for the app's pages that take an id, by URL name (a later key wins)."""
    from tests.privacy.test_audit_completeness import _trainee_extras

    extras = {model._meta.model_name: ids[0] for model, ids in _trainee_extras(world).items()}
    return {
        "trainee_": world.own.trainee.pk,
        "equipment_issue": world.own.trainee.pk,
        "locker_assign": world.own.trainee.pk,
        "equipment_return": extras["equipmentissue"],
        "locker_key_return": extras["lockerassignment"],
        "work_order_": extras["workorder"],
        "work_order_tool_return": extras["workordertool"],
    }


SECTIONS = {
    # section: (URL conf, route kinds, role)
    "tenant api": ("valmo.urls_tenants", {"api"}, "admin"),
    "tenant api, coach": ("valmo.urls_tenants", {"api"}, "coach"),
    "tenant pages": ("valmo.urls_tenants", {"page"}, "admin"),
    "tenant admin": ("valmo.urls_tenants", {"admin", "admin-form"}, "admin"),
    "public": ("valmo.urls_public", {"api", "page", "admin", "admin-form"}, "operator"),
}


@pytest.mark.parametrize("section", list(SECTIONS))
def test_no_malformed_request_gets_a_server_error(world, tenants, signed_in, section):
    urlconf, kinds, role = SECTIONS[section]
    ids = {
        "trainee-": world.own.trainee.pk,
        "period-": world.own.period.pk,
        "placement-": world.own.period.pk,
        "site-": _site(world).pk,
        "user-": world.staff.coach.pk,
        "referral_": world.own.referral.pk,  # the staff app's referral and period pages
        "period_": world.own.period.pk,
        **_web_ids(world),
        "capacity_": world.own.period.pk,
        "competence_": world.own.period.pk,  # the period's competence page and its forms
    }
    if urlconf == "valmo.urls_tenants":
        ids |= _page_ids(world)
    if urlconf == "valmo.urls_public":
        connection.set_schema_to_public()
    routes = [route for route in _routes(urlconf, ids) if route.kind in kinds]
    connection.set_tenant(tenants.a)
    if urlconf == "valmo.urls_public":
        # The public host's own pages only: the shared sign-in pages are covered on the
        # municipality's host; the municipality's API through an operator's support access.
        tenant_names = {route.name for route in _routes("valmo.urls_tenants", ids)}
        routes = [r for r in routes if r.name not in tenant_names or r.kind != "page"]
    failures: list[str] = []

    statuses = _exercise(signed_in[role], routes, failures)

    assert not failures, f"{len(failures)} requests got a 5xx:\n" + "\n".join(failures)
    # The views were reached (not a sign-in redirect for everything) and read the input:
    # the API and form views refuse some of it with a 400 or 413.
    assert statuses[200] > 0, statuses
    if kinds & {"api", "page"}:
        assert statuses[400] + statuses[413] > 0, statuses
