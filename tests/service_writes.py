"""Find the models the services write, by reading the services' source.

"Has a service" is not declared by hand: a model counts as service-written when code in any
``services`` module (``services.py`` or a ``services/`` package, wherever H2-style splits put
them) creates, saves, updates or deletes it. A new service writing a new model is found
without anyone remembering to register it; the admin test then requires the admin to stay
read-only for that model or to route the write through the service.

Detected writes, for a model class ``M`` imported into the module:

* ``M(...)`` (an instance being built), ``M.objects.<write>(...)`` and
  ``M.objects.filter(...).<write>(...)`` where ``<write>`` is create, bulk_create, bulk_update,
  get_or_create, update_or_create, update or delete;
* ``x.save()`` / ``x.delete()`` where ``x`` is a parameter annotated with ``M``.

Seeding is skipped: functions named ``*_seed`` or ``*_ensure`` and a ``services/setup.py``
put a municipality's defaults in place; they are not the write path of the configuration they
seed (which stays editable in the admin, with its validation).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("accounts", "coaching", "competence", "privacy", "tenants")
WRITE_METHODS = {
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "update",
    "delete",
}
INSTANCE_WRITES = {"save", "delete"}


def service_modules() -> list[Path]:
    found: set[Path] = set()
    for package in PROJECT_PACKAGES:
        base = ROOT / package
        found.update(base.rglob("services.py"))
        for directory in base.rglob("services"):
            if directory.is_dir():
                found.update(directory.rglob("*.py"))
    return sorted(
        path
        for path in found
        if "migrations" not in path.parts
        and not (path.name == "setup.py" and path.parent.name == "services")
    )


def _models_by_name() -> dict[str, list[type[models.Model]]]:
    by_name: dict[str, list[type[models.Model]]] = {}
    for model in apps.get_models():
        by_name.setdefault(model.__name__, []).append(model)
    return by_name


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _chain_has_objects(node: ast.AST) -> bool:
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager"):
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _annotation_names(annotation: ast.AST | None) -> set[str]:
    if annotation is None:
        return set()
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return set()
    return {node.id for node in ast.walk(annotation) if isinstance(node, ast.Name)} | {
        node.attr for node in ast.walk(annotation) if isinstance(node, ast.Attribute)
    }


def _imported_model_names(tree: ast.Module, known: set[str]) -> dict[str, str]:
    """Local name -> model class name, for model classes imported (or defined) in the module."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in known:
                    names[alias.asname or alias.name] = alias.name
    return names


def _writes_in(path: Path, by_name: dict[str, list[type[models.Model]]]) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    local = _imported_model_names(tree, set(by_name))
    # ``models.X`` used through a module import (``from . import models``) counts too.
    written: set[str] = set()

    def model_of(node: ast.AST) -> str | None:
        if isinstance(node, ast.Name) and node.id in local:
            return local[node.id]
        if isinstance(node, ast.Attribute) and node.attr in by_name:
            return node.attr
        return None

    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if function.name.endswith(("_seed", "_ensure")):
            continue
        typed: dict[str, set[str]] = {}
        for arg in [*function.args.args, *function.args.kwonlyargs]:
            typed[arg.arg] = {
                local.get(name, name) for name in _annotation_names(arg.annotation)
            } & set(by_name)
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            direct = model_of(node.func)
            if direct is not None:
                written.add(direct)
                continue
            if not isinstance(node.func, ast.Attribute):
                continue
            method = node.func.attr
            owner = node.func.value
            if method in WRITE_METHODS and _chain_has_objects(owner):
                root = owner
                while isinstance(root, (ast.Attribute, ast.Call)):
                    if isinstance(root, ast.Attribute) and root.attr in ("objects",):
                        name = model_of(root.value)
                        if name is not None:
                            written.add(name)
                        break
                    root = root.func if isinstance(root, ast.Call) else root.value
            elif method in INSTANCE_WRITES and isinstance(owner, ast.Name):
                written.update(typed.get(owner.id, set()))
    return written


@cache
def service_written_models() -> frozenset[type[models.Model]]:
    by_name = _models_by_name()
    names: set[str] = set()
    for path in service_modules():
        names |= _writes_in(path, by_name)
    return frozenset(model for name in names for model in by_name[name])
