"""Real ePerusteet documents shipped with Valmo for the tests and the demo (see README.md here).

They are stored gzip-compressed; ``document_bytes`` reads a plain or a gzip-compressed document
alike, so the import command accepts both ``.json`` and ``.json.gz``.
"""

from __future__ import annotations

import gzip
import os
from os import PathLike
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent
GZIP_MAGIC = b"\x1f\x8b"


def samples_dir() -> Path:
    """``$VALMO_EPERUSTEET_DIR`` when set (other documents), else the shipped samples."""
    override = os.environ.get("VALMO_EPERUSTEET_DIR")
    return Path(override) if override else SAMPLES_DIR


def sample_path(name: str, directory: Path | None = None) -> Path:
    """The document ``name`` (``x.json``) in ``directory``: plain if present, else ``x.json.gz``."""
    directory = directory if directory is not None else samples_dir()
    plain = directory / name
    return plain if plain.is_file() else directory / f"{name}.gz"


def document_bytes(path: str | PathLike[str]) -> bytes:
    """The document's JSON bytes, decompressed when the file is gzip (recognised by content).

    Raises ``OSError`` (``gzip.BadGzipFile`` or ``EOFError`` wrapped) for a broken archive.
    """
    raw = Path(path).read_bytes()
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, gzip.BadGzipFile) as exc:
        raise OSError(f"broken gzip archive: {exc}") from exc
