"""``manage.py import_eperusteet PATH_OR_ID ...``: import national qualification requirements."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from competence.frameworks.client import (
    EPERUSTEET_API_BASE,
    EperusteetUnavailableError,
    peruste_fetch,
)
from competence.frameworks.eperusteet import (
    EperusteetFormatError,
    ParsedQualification,
    parse_peruste_bytes,
)
from competence.frameworks.samples import document_bytes
from competence.frameworks.services import ImportResult, ImportStatus, qualification_import


class Command(BaseCommand):
    help = (
        "Import ePerusteet qualification documents (peruste JSON files, or ePerusteet ids to "
        "fetch from the public API). All documents are imported in one transaction: if any of "
        "them is broken, nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "sources",
            nargs="+",
            metavar="PATH_OR_ID",
            help="a peruste JSON file (.json or .json.gz), or a numeric ePerusteet id to fetch",
        )
        parser.add_argument(
            "--api-base",
            default=EPERUSTEET_API_BASE,
            help=f"ePerusteet API base URL for ids (default: {EPERUSTEET_API_BASE})",
        )
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="network timeout in seconds (default 30)"
        )

    def handle(self, *args, **options) -> None:
        # Read and parse everything first: a broken document must stop the run before any write.
        documents = [
            self._load(source, api_base=options["api_base"], timeout=options["timeout"])
            for source in options["sources"]
        ]
        results: list[tuple[str, ImportResult]] = []
        try:
            with transaction.atomic():
                for label, raw_sha256, parsed in documents:
                    result = qualification_import(
                        parsed=parsed, raw_sha256=raw_sha256, source=label
                    )
                    results.append((label, result))
        except ValidationError as exc:
            messages = "; ".join(exc.messages)
            raise CommandError(f"{messages}; nothing was imported") from exc
        for label, result in results:
            self._report(label, result)

    def _load(
        self, source: str, *, api_base: str, timeout: float
    ) -> tuple[str, str, ParsedQualification]:
        path = Path(source)
        if path.is_file():
            label = str(path)
            try:
                raw = document_bytes(path)  # plain JSON or gzip-compressed
            except OSError as exc:
                raise CommandError(f"{source}: cannot read: {exc}") from exc
        elif source.isdigit():
            try:
                raw, label = peruste_fetch(int(source), api_base=api_base, timeout=timeout)
            except EperusteetUnavailableError as exc:
                raise CommandError(str(exc)) from exc
        else:
            raise CommandError(f"{source}: no such file, and not a numeric ePerusteet id")
        try:
            parsed = parse_peruste_bytes(raw)
        except EperusteetFormatError as exc:
            raise CommandError(
                f"{label}: not a usable ePerusteet peruste at {exc.path}: {exc.detail}; "
                "nothing was imported"
            ) from exc
        return label, hashlib.sha256(raw).hexdigest(), parsed

    def _report(self, label: str, result: ImportResult) -> None:
        qualification, version = result.qualification, result.version
        name = qualification.name_fi or qualification.name_sv or qualification.name_en
        identity = f"ePerusteet {qualification.eperusteet_id} {name}"
        if result.status is ImportStatus.OLDER:
            self.stdout.write(
                f"{label}: {identity}: not imported, the stored version {version.sequence} "
                f"(timestamp {version.version_timestamp}) is newer"
            )
            return
        self.stdout.write(
            f"{label}: {identity}: {result.status}, version {version.sequence} "
            f"(timestamp {version.version_timestamp})"
        )
        if result.status is ImportStatus.UNCHANGED:
            return
        for title, counts in (
            ("units", result.units),
            ("requirement groups", result.requirement_groups),
            ("requirements", result.requirements),
        ):
            self.stdout.write(
                f"  {title}: {counts.created} new, {counts.superseded} superseded, "
                f"{counts.unchanged} unchanged"
            )
        for unit_id, reason in result.skipped:
            self.stdout.write(f"  skipped unit {unit_id}: {reason}")
