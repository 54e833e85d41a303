"""Database constraints that answer in the user's language, naming the field they guard.

Rules that matter are backed by the database as well as by the services. A violated
constraint must reach the user as a translated message on a field, never as its raw name:

* declare check constraints and conditional unique constraints with ``FieldCheckConstraint``
  / ``FieldUniqueConstraint``: ``field`` is the field the message belongs to (``None`` for
  the whole form) and ``violation_error_message`` the translated message. ``full_clean`` and
  model forms (the admin's) then put the message on that field;
* writes that can still race past ``full_clean`` run inside ``constraint_errors()``, which turns
  the database's ``IntegrityError`` into the same ``ValidationError``
  (``constraint_error`` does the mapping for other callers, e.g. an API exception handler).

``tests/platform/test_integrity.py`` fails on a constraint declared without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models


def _error_for(field: str | None, message, code: str | None) -> ValidationError:
    return ValidationError({field or NON_FIELD_ERRORS: [ValidationError(message, code=code)]})


class _FieldMixin:
    field: str | None

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)  # type: ignore[misc]
        except ValidationError:
            raise _error_for(
                self.field,
                self.get_violation_error_message(),  # type: ignore[attr-defined]
                self.violation_error_code or self.name,  # type: ignore[attr-defined]
            ) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return (
            type(self) is type(other) and self.field == other.field and super().__eq__(other)  # type: ignore[misc]
        )

    __hash__ = None  # type: ignore[assignment]


class FieldCheckConstraint(_FieldMixin, models.CheckConstraint):
    """A check constraint whose violation is a translated error on ``field``."""

    def __init__(self, *, field: str | None, **kwargs) -> None:
        self.field = field
        super().__init__(**kwargs)


class FieldUniqueConstraint(_FieldMixin, models.UniqueConstraint):
    """A (conditional) unique constraint whose violation is a translated error on ``field``."""

    def __init__(self, *expressions, field: str | None, **kwargs) -> None:
        self.field = field
        super().__init__(*expressions, **kwargs)


@cache
def _constraints_by_name() -> dict[str, tuple[type[models.Model], models.BaseConstraint]]:
    found: dict[str, tuple[type[models.Model], models.BaseConstraint]] = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            found[constraint.name] = (model, constraint)
    return found


def _constraint_name(error: IntegrityError) -> str | None:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def constraint_error(error: IntegrityError) -> ValidationError | None:
    """Return the translated field error for a violated constraint, or None if unknown.

    Declared constraints give their own message; a plain multi-field unique constraint gives
    Django's translated "… with this … already exists." on its last field.
    """
    name = _constraint_name(error)
    model, constraint = _constraints_by_name().get(name or "", (None, None))
    if model is None or constraint is None:
        return None
    if isinstance(constraint, _FieldMixin):
        return _error_for(
            constraint.field,
            constraint.get_violation_error_message(),  # type: ignore[attr-defined]
            constraint.name,  # type: ignore[attr-defined]
        )
    if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
        unique = model().unique_error_message(model, tuple(constraint.fields))
        return _error_for(constraint.fields[-1], unique.message % unique.params, constraint.name)
    return None


@contextmanager
def constraint_errors() -> Iterator[None]:
    """Turn a database constraint violation into its translated ``ValidationError``.

    Use it inside the service's transaction (the transaction is rolled back either way);
    an unknown constraint's ``IntegrityError`` passes through unchanged.
    """
    try:
        yield
    except IntegrityError as error:
        translated = constraint_error(error)
        if translated is None:
            raise
        raise translated from error
