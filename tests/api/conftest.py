import pytest
from django.core import signals
from django.db import close_old_connections

from tests.competence.conftest import (  # noqa: F401 - fixtures of the competence writes
    log_day,
    peruste,
    recognise,
    site,
    tasks,
    yard_unit,
)
from tests.privacy.conftest import (  # noqa: F401 - fixtures shared with the privacy tests
    make_period,
    make_trainee,
    staff,
    status,
    work_unit,
    world,
    world_of_module,
)


@pytest.fixture
def connection_kept():
    """Like Django's test client: the test's connection (and transaction) stays open
    between the WSGI requests instead of being closed at each request's start and end."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _last_seen_written_once(monkeypatch):
    """Query counts compared across requests must not depend on the clock.

    The idle time-out writes the session's last-seen time at most every 30 s; under load the
    rows a test adds between two requests can take longer than that, and the second request
    then counts the session's write too. Here the time is written once per session (the
    idle time-out's own tests are in tests/accounts and tests/browser).
    """
    monkeypatch.setattr("accounts.middleware.LAST_SEEN_RESOLUTION", 10**9)
