"""Declaring and enforcing actions on services (``permission_required_for``) and views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login

from valmo import acting

from .registry import SERVICE_ACTIONS
from .rules import rule_for
from .scopes import require

# --- Declarations for services and views -------------------------------------------------------


def _target(obj: str | Callable[[dict], Any] | None, kwargs: dict):
    if obj is None:
        return None
    if callable(obj):
        return obj(kwargs)
    return kwargs.get(obj)


def permission_required_for(action: str, *, obj: str | Callable[[dict], Any] | None = None):
    """Declare and enforce a service's action; ``obj`` names the argument checked against.

    The check runs before the service body, and the call's writes are audited with the
    explicit ``actor``. Put it directly above ``def`` (below ``@transaction.atomic``) so the
    audit rows are inserted inside the service's transaction.
    """
    rule = rule_for(action)

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            actor = kwargs.get("actor")
            if not (actor is None and rule.system):
                require(actor, action, _target(obj, kwargs))
            with acting.service_call(actor=actor, purpose=rule.purpose, section=rule.section):
                return func(*args, **kwargs)

        wrapper.permission_action = action
        SERVICE_ACTIONS[f"{func.__module__}.{func.__qualname__}"] = action
        return wrapper

    return decorate


def permission_action(action: str):
    """Declare and enforce a function view's action (signed-out users go to sign-in)."""
    rule = rule_for(action)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not rule.anonymous and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.permission_action = action
        return wrapped

    return decorate
