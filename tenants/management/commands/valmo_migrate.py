from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.schema_template import template_schema_sync


class Command(BaseCommand):
    help = "Deploy-time migration: public schema, the clone template, then every tenant."

    def add_arguments(self, parser):
        parser.add_argument(
            "--executor", default="multiprocessing", choices=["standard", "multiprocessing"]
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        if template_schema_sync(verbosity=verbosity):
            self.stdout.write("Template schema migrated.")
        call_command(
            "migrate_schemas",
            tenant=True,
            interactive=False,
            verbosity=verbosity,
            executor=options["executor"],
        )
        # Platform data that ships with the code: publish changed capacity instruments.
        call_command("capacity_instruments_sync", verbosity=verbosity, stdout=self.stdout)
