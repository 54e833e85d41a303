"""Load the platform's capacity instruments into every municipality (run after a deploy)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tenants.utils import get_public_schema_name, schema_context

from competence.capacity.definitions import platform_definitions
from competence.capacity.selectors import platform_instruments_current
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
        schemas = list(municipalities.order_by("schema_name").values_list("schema_name", flat=True))
        current = platform_instruments_current(schemas=schemas)
        for schema in schemas:
            if schema in current:
                unchanged = ", ".join(f"{d.code}: unchanged" for d in platform_definitions())
                self.stdout.write(f"{schema}: {unchanged}")
                continue
            with schema_context(schema):
                report = platform_instruments_sync()
            summary = ", ".join(f"{code}: {status}" for code, status in report.items())
            self.stdout.write(f"{schema}: {summary}")
