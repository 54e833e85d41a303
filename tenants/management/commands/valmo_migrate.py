"""Deploy-time migration: only the schemas behind the graph, template before municipalities."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tenants.management.commands import SyncCommon
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.migration_executors import get_executor
from django_tenants.utils import get_public_schema_name

from tenants.migration_state import migrations_behind
from tenants.schema_pool import pool_discard_stale
from tenants.schema_template import template_schema_name, template_schema_sync


class _MigrateSchemas(MigrateSchemasCommand):
    """``migrate_schemas --tenant`` over the given schemas only, with the chosen executor."""

    def __init__(self, schemas: list[str]) -> None:
        super().__init__()
        self.schemas = schemas

    def handle(self, *args, **options):
        SyncCommon.handle(self, *args, **options)
        get_executor(codename=self.executor)(self.args, self.options).run_migrations(
            tenants=self.schemas
        )


class Command(BaseCommand):
    help = (
        "Deploy-time migration: the public schema, the clone template, then every municipality "
        "that misses a migration; schemas already at the head are skipped after one query."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--executor", default="multiprocessing", choices=["standard", "multiprocessing"]
        )
        parser.add_argument(
            "--no-pool",
            dest="pool",
            action="store_false",
            help="Do not refill the pool of pre-cloned schemas (stale ones are still dropped).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        behind = migrations_behind()
        public = get_public_schema_name()
        if not behind:
            self.stdout.write("Every schema is at the latest migration.")
        if public in behind:
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
            behind = migrations_behind()  # a new database lists its schemas only now
        if template_schema_sync(verbosity=verbosity):
            self.stdout.write("Template schema migrated.")
        municipalities = [s for s in behind if s not in (public, template_schema_name())]
        if municipalities:
            call_command(
                _MigrateSchemas(municipalities),
                tenant=True,
                interactive=False,
                verbosity=verbosity,
                executor=options["executor"],
            )
            self.stdout.write(f"Migrated {len(municipalities)} municipality schemas.")
        # Pooled schemas cloned at an older head are dropped, then the pool is refilled from
        # the template just migrated (onboarding; called by name, it is a layer above).
        dropped = pool_discard_stale()
        if dropped:
            self.stdout.write(f"Schema pool: {dropped} stale schemas dropped.")
        if options["pool"]:
            call_command("schema_pool_refill", verbosity=verbosity, stdout=self.stdout)
        # Platform data that ships with the code: publish changed capacity instruments.
        call_command("capacity_instruments_sync", verbosity=verbosity, stdout=self.stdout)
