"""Export one municipality's audit log for the data-protection officer (CSV or JSON)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django_tenants.utils import schema_context

from privacy.services import audit_log_export


def _start_of(value: str | None) -> datetime | None:
    if not value:
        return None
    day = parse_date(value)
    if day is None:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}")
    return timezone.make_aware(datetime.combine(day, time.min))


class Command(BaseCommand):
    help = "Export a municipality's audit log; the export is itself logged."

    def add_arguments(self, parser):
        parser.add_argument("--schema", required=True, help="the municipality's schema")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--since", help="first day included (YYYY-MM-DD)")
        parser.add_argument("--until", help="first day not included (YYYY-MM-DD)")
        parser.add_argument("--trainee", type=int, help="only this trainee id")
        parser.add_argument("--user", type=int, help="only this user id")
        parser.add_argument("--output", help="file to write; standard output by default")

    def handle(self, *args, **options):
        with schema_context(options["schema"]):
            text = audit_log_export(
                actor=None,
                fmt=options["format"],
                since=_start_of(options["since"]),
                until=_start_of(options["until"]),
                trainee_id=options["trainee"],
                actor_id=options["user"],
            )
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
