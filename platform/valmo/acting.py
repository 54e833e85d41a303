"""The acting service call: who a service acts for, without the layers importing each other.

``accounts.permissions.permission_required_for`` runs every declared service inside
``service_call``; layers above the permission layer (the audit log in ``privacy``) register a
context manager here in their ``AppConfig.ready`` and so wrap each call (e.g. to buffer its
audit events and write them at the end of the service transaction). The kernel only keeps the
list, so the permission layer need not import the audit log that itself uses the permissions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import Any

ServiceCallWrapper = Callable[..., AbstractContextManager[Any]]

_wrappers: list[ServiceCallWrapper] = []


def service_call_wrapper_register(wrapper: ServiceCallWrapper) -> None:
    """Wrap every declared service call in ``wrapper(actor=, purpose=, section=)``; idempotent."""
    if wrapper not in _wrappers:
        _wrappers.append(wrapper)


@contextmanager
def service_call(*, actor: Any, purpose: str = "", section: str = "") -> Iterator[None]:
    """Run a service call inside every registered wrapper, first registered outermost."""
    with ExitStack() as stack:
        for wrapper in tuple(_wrappers):
            stack.enter_context(wrapper(actor=actor, purpose=purpose, section=section))
        yield


# --- Explicit audit events from layers below the audit log ----------------------------------------

_event_recorder: Callable[..., None] | None = None


def event_recorder_register(recorder: Callable[..., None]) -> None:
    """The audit log's ``record`` (registered by ``PrivacyConfig.ready``)."""
    global _event_recorder
    _event_recorder = recorder


def event_record(**event: Any) -> None:
    """Record an audit event (``action``, ``obj``, ``detail``…) from a layer below ``privacy``.

    Used for writes the generic capture does not see (it follows trainee data only), e.g. API
    keys; inside a service call the event joins the call's buffer and its transaction.
    """
    if _event_recorder is not None:
        _event_recorder(**event)
