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
