"""Run the retention job now in one municipality (the periodic task runs it in all)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django_tenants.utils import schema_context

from privacy.services import retention_run


class Command(BaseCommand):
    help = "Anonymise or erase what is past retention in one municipality."

    def add_arguments(self, parser):
        parser.add_argument("--schema", required=True, help="the municipality's schema")
        parser.add_argument("--today", help="the date to judge retention on (YYYY-MM-DD)")

    def handle(self, *args, **options):
        today = parse_date(options["today"]) if options["today"] else timezone.localdate()
        if today is None:
            raise CommandError("--today must be YYYY-MM-DD")
        with schema_context(options["schema"]):
            report = retention_run(today=today, actor=None)
        self.stdout.write(json.dumps(report.as_dict(), indent=2))
