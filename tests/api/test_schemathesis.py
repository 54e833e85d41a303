"""Property-based run of every operation of the live OpenAPI schema (schemathesis).

The schema is loaded from the running WSGI application on a municipality's host and every
operation gets generated requests from a signed-in tenant admin (session cookie and CSRF
token, as the web app sends them). Path ids are drawn from real rows half the time, so the
requests reach the services and not only the 404 branch. Checks: no server error, every
status code, content type, header and body as the schema declares them.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given
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
    from coaching.models import CoachingPeriod, DifficultyLevel, Goal, Referral, Trainee, WorkTask

    ids: set[int] = set()
    for model in (CoachingPeriod, Trainee, Referral, Goal, WorkTask, DifficultyLevel):
        ids.update(model.objects.values_list("pk", flat=True)[:20])
    return sorted(ids) or [1]


def _ids_by_family() -> dict[str, list[int]]:
    """Real ids per path family, for a scenario's first step."""
    from coaching.models import CoachingPeriod, Goal, Referral, Trainee

    def rows(model: Any) -> list[int]:
        return list(model.objects.order_by("pk").values_list("pk", flat=True)[:20]) or [1]

    return {
        "periods": rows(CoachingPeriod),
        "trainees": rows(Trainee),
        "referrals": rows(Referral),
        "goals": rows(Goal),
        "*": _known_ids(),
    }


def _signed_in_app(world, tenants):
    """The WSGI application as the tenant admin's browser reaches it."""
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

    return app


def test_every_operation_conforms_to_the_schema(world, tenants, connection_kept):
    app = _signed_in_app(world, tenants)
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


# --- Stateful: the schema's links, followed ---------------------------------------------------

SCENARIOS = 40
STEPS_PER_SCENARIO = 8


def test_linked_operations_conform_when_followed(world, tenants, connection_kept):
    """Schemathesis's stateful run over the OpenAPI links (``api.schema.add_links``): a create
    answers an id, the linked operations use it (read it, change it, act on it), in bounded
    scenarios. Zero server errors and zero answers outside the schema, as above.

    A scenario's first step has no earlier answer to take an id from; its ``id`` is then a
    real row of the path's kind three times in four (the generated one otherwise), so the
    creates under a period or a trainee reach the services and start a chain.
    """
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", _signed_in_app(world, tenants))
    # Only the schema's own links: schemathesis would otherwise infer more of its own (list →
    # detail) and spread the bounded scenarios thinner over them.
    schema.config.phases.stateful.inference.algorithms = []
    links = [
        name
        for path in schema.raw_schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict)
        for answer in operation.get("responses", {}).values()
        for name in answer.get("links", {})
    ]
    assert len(links) > 50
    ids = _ids_by_family()
    followed: list[str] = []
    statuses: dict[int, int] = {}

    class Links(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self):
            """Each scenario starts from the same data: its writes are rolled back after it."""
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)

        def step(self, input):
            parameters = input.case.path_parameters or {}
            generated = parameters.get("id")
            if input.transition is None and isinstance(generated, int) and generated % 4:
                # Chosen from the generated value, not from outside state: Hypothesis must
                # see the same scenario when it generates the same choices again.
                real = ids.get(input.case.operation.path.split("/")[3], ids["*"])
                parameters["id"] = real[generated % len(real)]
            elif input.transition is not None and input.is_applied:
                followed.append(input.transition.id)
            return super().step(input)

        def get_call_kwargs(self, case):
            return {"headers": {"X-CSRFToken": CSRF}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            case.validate_response(response, checks=CHECKS)

    Links.run(
        settings=hypothesis_settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_PER_SCENARIO,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            # A failure is reported as found: replaying it to shrink would meet other data.
            phases=[Phase.explicit, Phase.generate],
        )
    )
    assert not any(code >= 500 for code in statuses), statuses
    # Links were followed with the id a create answered, and some of those reached a service.
    assert followed, statuses
    assert statuses.get(200, 0) + statuses.get(201, 0) > 0, statuses
