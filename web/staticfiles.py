"""Serve a few files of installed npm packages as static files, never copies made by hand.

``package-lock.json`` pins the packages and ``npm ci`` installs them into ``node_modules``.
Only the files named here are served (and collected), under ``npm/`` and their path in
``node_modules``, not the whole package.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

PREFIX = "npm"
NODE_FILES = (
    "hds-core/lib/base.min.css",
    "hds-core/lib/components/all.min.css",
)


def node_modules() -> Path:
    return Path(getattr(settings, "VALMO_NODE_MODULES", settings.BASE_DIR / "node_modules"))


class NodeModulesFinder(BaseFinder):
    """Find the files of ``NODE_FILES`` in ``node_modules`` as ``npm/<path>``."""

    def check(self, **kwargs):
        missing = [name for name in NODE_FILES if not (node_modules() / name).is_file()]
        if not missing:
            return []
        return [
            CheckWarning(
                f"Front-end packages are not installed ({', '.join(missing)} is missing).",
                hint="Run `npm ci` in the project directory (`make run` and `make test` do).",
                id="web.W001",
            )
        ]

    def find(self, path, find_all=False, **kwargs):
        found = self._file(path.replace("\\", "/"))
        if find_all:
            return [found] if found else []
        return found

    def _file(self, path: str) -> str | None:
        prefix, _, name = path.partition("/")
        if prefix != PREFIX or name not in NODE_FILES:
            return None
        full = node_modules() / name
        return str(full) if full.is_file() else None

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=str(node_modules()))
        storage.prefix = PREFIX
        for name in NODE_FILES:
            if (node_modules() / name).is_file():
                yield name, storage
