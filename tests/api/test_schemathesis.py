"""Property-based run of every operation of the live OpenAPI schema (schemathesis).

The schema is loaded from the running WSGI application on a municipality's host and every
operation gets generated requests from a signed-in tenant admin (session cookie and CSRF
token, as the web app sends them). Path ids are drawn from real rows half the time, so the
requests reach the services and not only the 404 branch. Checks: no server error, every
status code, content type, header and body as the schema declares them.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# The run is bounded by the number of examples (derandomized, so the same every run), not by
# the clock: a wall-time limit failed the test on a loaded machine without any finding.
EXAMPLES_PER_OPERATION = 4
CSRF = "a" * 32


def _known_ids() -> list[int]:
    """Ids of real rows of every kind the API addresses (small numbers in a test database)."""
    from coaching.models import CoachingPeriod, Goal, Referral, Trainee

    ids: set[int] = set()
    for model in (CoachingPeriod, Trainee, Referral, Goal):
        ids.update(model.objects.values_list("pk", flat=True)[:20])
    return sorted(ids) or [1]


def test_every_operation_conforms_to_the_schema(world, tenants, connection_kept):
    host = tenants.a.get_primary_domain().domain
    signed_in = Client(HTTP_HOST=host)
    signed_in.force_login(world.staff.admin)
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    django_app = get_wsgi_application()

    def app(environ, start_response):
        """The municipality's host and the signed-in browser's cookies on every request
        (the WSGI test client keeps cookies per host name, and its host is "localhost")."""
        environ["HTTP_HOST"] = host
        environ["HTTP_COOKIE"] = cookie
        return django_app(environ, start_response)

    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app)
    headers = {"X-CSRFToken": CSRF}
    ids = _known_ids()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50
    statuses: dict[int, int] = {}
    for operation in operations:

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), data=st.data())
        def run(case, data) -> None:
            if "pk" in (case.path_parameters or {}) and data.draw(st.booleans()):
                case.path_parameters["pk"] = data.draw(st.sampled_from(ids))
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        run()
    assert not any(code >= 500 for code in statuses), statuses
    # The run reached the services, not only the refusals.
    assert statuses.get(200, 0) + statuses.get(201, 0) > 0, statuses
