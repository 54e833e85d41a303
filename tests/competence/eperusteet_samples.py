"""The shipped ePerusteet samples as plain JSON files, for tests that need the raw bytes.

The documents live gzip-compressed in ``competence/frameworks/samples``; they are decompressed
once per test process into a temporary folder (removed at exit), so every test reads the exact
upstream bytes whose counts the samples' README records.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from competence.frameworks.samples import SAMPLES_DIR, document_bytes


@functools.cache
def data_dir() -> Path:
    target = Path(tempfile.mkdtemp(prefix="valmo-eperusteet-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    for archive in sorted(SAMPLES_DIR.glob("*.json.gz")):
        (target / archive.name.removesuffix(".gz")).write_bytes(document_bytes(archive))
    return target
