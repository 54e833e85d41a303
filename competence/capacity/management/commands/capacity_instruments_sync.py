"""Load the platform's capacity instruments into every municipality (run after a deploy)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tenants.utils import get_public_schema_name, schema_context

from competence.capacity.services import platform_instruments_sync
from tenants.models import Municipality


class Command(BaseCommand):
    help = (
        "Bring Valmo's capacity instruments in every municipality up to the shipped files; "
        "changed content becomes a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("schemas", nargs="*", help="only these schemas (default: all)")

    def handle(self, *args, **options):
        municipalities = Municipality.objects.exclude(schema_name=get_public_schema_name())
        if options["schemas"]:
            municipalities = municipalities.filter(schema_name__in=options["schemas"])
        for municipality in municipalities.order_by("schema_name"):
            with schema_context(municipality.schema_name):
                report = platform_instruments_sync()
            summary = ", ".join(f"{code}: {status}" for code, status in report.items())
            self.stdout.write(f"{municipality.schema_name}: {summary}")
