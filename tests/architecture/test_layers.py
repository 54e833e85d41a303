"""Top-level packages import one way only, downwards (docs/architecture.md, "Import order").

Imports inside functions count as well: moving an import into a function hides a dependency
without removing it. ``web`` sits beside ``api``; neither imports the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Bottom to top; a package may import only packages listed before it (and itself).
LAYERS = [
    {"valmo"},
    {"tenants"},
    {"accounts"},
    {"privacy"},
    {"coaching"},
    {"competence"},
    {"benchmarking"},
    {"integrations"},
    {"api", "web"},
    {"onboarding"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
SKIP = {"migrations", "__pycache__"}


def _sources():
    for package in RANK:
        base = (
            ROOT / "platform" / package if package in ("valmo", "benchmarking") else ROOT / package
        )
        for path in base.rglob("*.py"):
            if not SKIP & set(path.relative_to(base).parts):
                yield package, path


def _imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(RANK)


def test_every_package_imports_only_the_layers_below_it():
    upward = sorted(
        f"{path.relative_to(ROOT)} imports {target}"
        for package, path in _sources()
        for target in _imported_packages(path)
        if target != package and RANK[target] >= RANK[package]
    )
    assert upward == []


def test_the_layer_list_names_every_top_level_package():
    packages = {
        path.parent.name
        for path in [*ROOT.glob("*/__init__.py"), *ROOT.glob("platform/*/__init__.py")]
        if path.parent.name != "tests"
    }
    assert packages == set(RANK)
