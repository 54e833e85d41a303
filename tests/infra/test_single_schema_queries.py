"""What docs/scaling.md needs from Valmo before one database can become many (Citus
schema-based sharding, each municipality's schema on a worker node of its own choosing):

1. no query touches two municipality schemas: while a request or job runs in a municipality,
   the search_path holds that schema and public only, and no statement names another
   municipality's schema;
2. every cross-municipality figure comes from the published aggregates: the public-schema
   work (benchmarking runs and their reads) names no municipality schema and reads only public
   tables;
3. the only code that qualifies tables with a computed schema name is deploy tooling, which
   runs against the coordinator, not in requests or jobs.

Recorded with a query wrapper over real journeys: every tenant URL of the web app, the API and
the admin, walked as a municipality's admin, and a benchmarking run over two municipalities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "public"
# Deploy-time tooling that reads every schema's django_migrations or creates the template
# (docs/scaling.md says how each runs under Citus). Nothing else may qualify by schema.
SCHEMA_QUALIFYING_MODULES = {
    "tenants/migration_state.py",
    "tenants/schema_template.py",
    # The pool of pre-cloned schemas renames and drops schemas that belong to no municipality yet.
    "tenants/schema_pool.py",
}


@dataclass
class Query:
    schema: str  # the connection's schema (django-tenants) when the statement ran
    search_path: tuple[str, ...] | None
    sql: str


@dataclass
class Recorder:
    queries: list[Query] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        schemas = connection.search_path_set_schemas
        self.queries.append(
            Query(connection.schema_name, tuple(schemas) if schemas else None, str(sql))
        )
        return execute(sql, params, many, context)


def _municipality_schemas() -> set[str]:
    from tenants.models import Municipality

    return set(
        Municipality.objects.exclude(schema_name=PUBLIC).values_list("schema_name", flat=True)
    )


def _named_schemas(sql: str, schemas: set[str]) -> set[str]:
    return {s for s in schemas if re.search(rf'(?<![\w$])"?{re.escape(s)}"?\s*\.', sql)}


def _set_search_paths(sql: str) -> list[str] | None:
    match = re.match(r"\s*SET search_path = (.+)", sql, re.IGNORECASE)
    if not match:
        return None
    return [part.strip().strip('"') for part in match.group(1).split(",")]


def _check(queries: list[Query], schemas: set[str]) -> dict[str, int]:
    """Assert the rules on every recorded query; return how many ran per schema."""
    counts: dict[str, int] = {}
    for query in queries:
        counts[query.schema] = counts.get(query.schema, 0) + 1
        named = _named_schemas(query.sql, schemas)
        if query.schema == PUBLIC:
            assert not named, f"public-schema work names a municipality: {query.sql[:300]}"
        else:
            assert named <= {query.schema}, f"{query.schema} names {named}: {query.sql[:300]}"
        paths = _set_search_paths(query.sql)
        if paths is not None:
            assert len(set(paths) - {PUBLIC}) <= 1, query.sql
        if query.search_path is not None:
            assert set(query.search_path) - {PUBLIC} <= {query.schema} - {PUBLIC}, query
    return counts


def test_every_tenant_url_runs_in_one_municipality_schema(tenants, make_user, client_for):
    from accounts.models import User
    from coaching.models import Site, Trainee
    from tests.test_tenant_isolation import _concrete_paths

    connection.set_tenant(tenants.a)
    site = Site.objects.create(name="Toimipiste", address="Katu 1")
    trainee = Trainee.objects.create(first_name="Aino", last_name="Esimerkki")
    admin = make_user(tenants.a, role=User.Role.TENANT_ADMIN, is_staff=True, is_superuser=True)
    client = client_for(tenants.a, admin)
    client.raise_request_exception = False
    paths = _concrete_paths(sorted({site.pk, trainee.pk}))
    connection.set_schema_to_public()
    schemas = _municipality_schemas()
    assert {"test_a", "test_b"} <= schemas

    recorder = Recorder()
    statuses = []
    with connection.execute_wrapper(recorder):
        for path in sorted(paths):
            statuses.append(client.get(path).status_code)
    connection.set_schema_to_public()

    assert len(paths) > 40
    assert statuses.count(200) > 30, "the walk reached real pages"
    counts = _check(recorder.queries, schemas)
    assert counts.get("test_a", 0) > 500
    assert set(counts) <= {"test_a", PUBLIC}, counts
    # The search_path of the municipality's requests was set, and to that schema only.
    set_paths = [_set_search_paths(q.sql) for q in recorder.queries]
    assert ["test_a", PUBLIC] in set_paths


def test_benchmarking_reads_other_municipalities_only_through_published_aggregates(
    tenants, make_user, django_capture_on_commit_callbacks
):
    from benchmarking import selectors, services
    from benchmarking.tasks import run_all
    from tests.benchmarking.builders import Builder

    for index, tenant in enumerate((tenants.a, tenants.b)):
        connection.set_tenant(tenant)
        coach = make_user(tenant, role="work_coach")
        admin = make_user(tenant, role="tenant_admin")
        builder = Builder(coach, admin)
        for n in range(6 + index):
            builder.period(start=date(2026, 1 + n % 6, 5), born=date(1980 + n, 3, 3))
        services.participation_set(actor=admin, participates=True)
    connection.set_schema_to_public()
    schemas = _municipality_schemas()

    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        with django_capture_on_commit_callbacks(execute=True):
            run_id = run_all(years=[2026])
        # The cross-municipality figures as a coordinator's screen or the API reads them.
        connection.set_schema_to_public()
        read_from = len(recorder.queries)
        cells = list(selectors.snapshot_cells(run_id=run_id))
        latest = selectors.run_latest_finished()
        progress = list(selectors.run_progress(run_id=run_id))
    connection.set_schema_to_public()

    assert latest is not None
    assert latest.pk == run_id
    assert {row.municipality.schema_name for row in progress} == {"test_a", "test_b"}
    assert {cell.snapshot.municipality_id for cell in cells} == {tenants.a.pk, tenants.b.pk}
    counts = _check(recorder.queries, schemas)
    # Each municipality's figures were computed in its own schema, the rest in public.
    assert counts.get("test_a", 0) > 0
    assert counts.get("test_b", 0) > 0
    reads = [q for q in recorder.queries[read_from:] if q.sql.lstrip().upper().startswith("SELECT")]
    assert len(reads) >= 3
    public_tables = _tables_of(PUBLIC)
    tenant_only = _tables_of("test_a") - public_tables
    for query in reads:
        assert query.schema == PUBLIC
        tables = set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query.sql))
        assert tables, query.sql
        assert tables <= public_tables, tables - public_tables
        assert not tables & tenant_only
        assert {t for t in tables if not t.startswith(("benchmarking_", "tenants_"))} == set()


def _tables_of(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema]
        )
        return {row[0] for row in cursor.fetchall()}


def test_only_deploy_tooling_qualifies_tables_with_a_schema_name():
    """Raw SQL that interpolates a schema name is how a query would reach a second
    municipality; it exists only in the deploy-time modules listed above."""
    pattern = re.compile(
        r'quote_name\(\s*\w*schema|"\{[^}]*\}"\s*\.|\{[^}]*schema[^}]*\}\s*\.|'
        r"sql\.Identifier\(\s*\w*schema",
        re.IGNORECASE,
    )
    packages = ["platform", "tenants", "accounts", "privacy", "coaching", "competence", "api"]
    packages += ["web", "onboarding"]
    found = set()
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            if pattern.search(path.read_text()):
                found.add(path.relative_to(ROOT).as_posix())
    assert found == SCHEMA_QUALIFYING_MODULES


def test_the_check_catches_a_query_into_another_municipality(tenants):
    """The rule above is not vacuous: a real statement from test_a into test_b fails it."""
    schemas = _municipality_schemas()
    recorder = Recorder()
    connection.set_tenant(tenants.a)
    with connection.execute_wrapper(recorder), connection.cursor() as cursor:
        cursor.execute('SELECT count(*) FROM "test_b".coaching_trainee')
    connection.set_schema_to_public()

    with pytest.raises(AssertionError, match="test_a names"):
        _check(recorder.queries, schemas)
