"""Where trainee data lives, derived from Django's model graph.

A model holds trainee data when a chain of forward foreign keys (or one-to-one fields) leads
from it to ``coaching.Trainee``. Permissions, the audit log, the data-subject export and
retention all use these paths, so a model added later is covered without being listed.
"""

from __future__ import annotations

from collections import deque
from functools import cache

from django.apps import apps
from django.db import models


def trainee_model() -> type[models.Model]:
    return apps.get_model("coaching", "Trainee")


def period_model() -> type[models.Model]:
    return apps.get_model("coaching", "CoachingPeriod")


def work_unit_model() -> type[models.Model]:
    return apps.get_model("coaching", "WorkUnit")


def _forward_relations(model: type[models.Model]):
    for field in model._meta.get_fields():
        if (
            getattr(field, "concrete", False)
            and field.is_relation
            and (field.many_to_one or field.one_to_one)
            and field.related_model is not None
            and not isinstance(field.related_model, str)
        ):
            yield field


@cache
def _path(model: type[models.Model], target: type[models.Model]) -> str | None:
    """Shortest ``a__b`` lookup from ``model`` to ``target`` over forward relations."""
    if model is target:
        return ""
    seen = {model}
    queue: deque[tuple[type[models.Model], list[str]]] = deque([(model, [])])
    while queue:
        current, names = queue.popleft()
        for field in _forward_relations(current):
            related = field.related_model._meta.concrete_model
            if related in seen:
                continue
            if related is target:
                return "__".join([*names, field.name])
            seen.add(related)
            queue.append((related, [*names, field.name]))
    return None


def trainee_path(model: type[models.Model]) -> str | None:
    """Lookup from ``model`` to its trainee: ``""`` for Trainee, None when not trainee data."""
    return _path(model._meta.concrete_model, trainee_model())


def period_path(model: type[models.Model]) -> str | None:
    """Lookup from ``model`` to one coaching period, or None when it is not period data."""
    return _path(model._meta.concrete_model, period_model())


def unit_path(model: type[models.Model]) -> str | None:
    """Lookup from ``model`` to the work unit it belongs to (``""`` for WorkUnit), or None.

    Used for configuration rows a unit supervisor reaches through their unit (work orders);
    trainee data never goes this way: it follows the trainee's period.
    """
    return _path(model._meta.concrete_model, work_unit_model())


def is_trainee_data(model: type[models.Model]) -> bool:
    return trainee_path(model) is not None


def trainee_data_models() -> list[type[models.Model]]:
    """Every concrete model whose rows belong to a trainee, shortest path first."""
    found = [
        model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and is_trainee_data(model)
    ]
    return sorted(found, key=lambda m: (depth(m), m._meta.label))


def depth(model: type[models.Model]) -> int:
    """Foreign keys between ``model`` and Trainee (0 for Trainee itself)."""
    path = trainee_path(model)
    return path.count("__") + 1 if path else 0


def _walk(instance: models.Model, path: str):
    """Follow ``path`` through cached related objects; return (object, rest) at the first miss."""
    names = path.split("__") if path else []
    current = instance
    for index, name in enumerate(names):
        field = current._meta.get_field(name)
        if field.is_cached(current):  # type: ignore[union-attr]  # a relation
            current = getattr(current, name)
            if current is None:
                return None, []
            continue
        return current, names[index:]
    return current, []


def trainee_id_of(instance: models.Model) -> int | None:
    """The trainee id of one row, reading the database only when the chain is not cached."""
    path = trainee_path(type(instance))
    if path is None:
        return None
    if path == "":
        return instance.pk
    current, rest = _walk(instance, path)
    if current is None:
        return None
    if not rest:
        return current.pk
    if len(rest) == 1:
        return getattr(current, current._meta.get_field(rest[0]).attname)
    first = current._meta.get_field(rest[0])
    related_id = getattr(current, first.attname)
    if related_id is None:
        return None
    return (
        first.related_model._default_manager.filter(pk=related_id)
        .values_list("__".join(rest[1:]), flat=True)
        .first()
    )


def period_of(instance: models.Model):
    """The coaching period one row belongs to, or None when it is not period data."""
    path = period_path(type(instance))
    if path is None:
        return None
    if path == "":
        return instance
    current, rest = _walk(instance, path)
    if current is None:
        return None
    if not rest:
        return current
    first = current._meta.get_field(rest[0])
    related_id = getattr(current, first.attname)
    if related_id is None:
        return None
    if len(rest) == 1:
        return period_model()._default_manager.filter(pk=related_id).first()
    period_id = (
        first.related_model._default_manager.filter(pk=related_id)
        .values_list("__".join(rest[1:]), flat=True)
        .first()
    )
    return period_model()._default_manager.filter(pk=period_id).first() if period_id else None


def trainee_ids_of(model: type[models.Model], pks: list) -> dict:
    """Map row ids of one model to trainee ids in at most one query."""
    path = trainee_path(model)
    if path is None or not pks:
        return {}
    if path == "":
        return {pk: pk for pk in pks}
    lookup = path if "__" in path else model._meta.get_field(path).attname  # type: ignore[union-attr]  # a foreign key
    return dict(model._default_manager.filter(pk__in=pks).values_list("pk", lookup))
