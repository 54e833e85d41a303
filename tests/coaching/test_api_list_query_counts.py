"""API list endpoints cost the same number of statements for 2 rows and 6 (issue #15)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/trainees/?limit=50",
    "/api/v1/periods/?limit=50",
    "/api/v1/placements/?limit=50",
    "/api/v1/task-catalogue/",
]


def statements(client, path: str) -> int:
    client.get(path)  # warm: session, permission caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return len(queries.captured_queries)


def test_list_endpoints_have_constant_statement_counts(tenant_a, staff, make_period, client_for):
    client = client_for(tenant_a, staff.admin)
    for _ in range(2):
        make_period()
    few = {path: statements(client, path) for path in LISTS}
    trainee_id = make_period().trainee_id
    for _ in range(3):
        make_period()
    many = {path: statements(client, path) for path in LISTS}
    assert many == few

    audit = f"/api/v1/trainees/{trainee_id}/audit-events/"
    before = statements(client, audit)
    for _ in range(5):
        client.get(f"/api/v1/trainees/{trainee_id}/")  # each read adds audit events
    assert statements(client, audit) == before
