"""Every constraint of the project answers with a translated message on a named field."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation

from valmo.integrity import FieldCheckConstraint, FieldUniqueConstraint

PROJECT_APPS = {"accounts", "coaching", "competence", "capacity", "qualifications", "privacy"}


def _project_constraints():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for constraint in model._meta.constraints:
                yield model, constraint


def _needs_own_message(constraint) -> bool:
    """Django words a plain unique constraint itself; every other kind would show its name."""
    return not (
        isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    )


def test_project_has_constraints_to_check():
    assert sum(1 for _ in _project_constraints()) > 30


@pytest.mark.parametrize(
    ("model", "constraint"),
    [pair for pair in _project_constraints() if _needs_own_message(pair[1])],
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", str(value))),
)
def test_constraint_has_a_translated_message_on_a_real_field(model, constraint):
    assert isinstance(constraint, (FieldCheckConstraint, FieldUniqueConstraint)), (
        f"{model._meta.label}.{constraint.name}: declare it with valmo.integrity so a violation "
        "is a translated field error, not the constraint's name"
    )
    message = constraint.violation_error_message
    assert message != constraint.default_violation_error_message
    # A lazy translation, so it follows the user's language.
    assert type(message).__name__ == "__proxy__", f"{constraint.name}: wrap the message in _()"
    assert constraint.name not in str(message)
    with translation.override("en"):
        english = str(message)
    for language in ("fi", "sv"):
        with translation.override(language):
            assert str(message) != english, f"{constraint.name}: no {language} translation"
    if constraint.field is not None:
        try:
            model._meta.get_field(constraint.field)
        except FieldDoesNotExist:  # pragma: no cover - the assertion below reports it
            pytest.fail(f"{constraint.name}: {model._meta.label} has no field {constraint.field}")
