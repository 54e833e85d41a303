import pytest
from django.core import signals
from django.db import close_old_connections

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
