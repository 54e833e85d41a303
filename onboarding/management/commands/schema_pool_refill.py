"""Fill the pool of pre-cloned municipality schemas (``valmo_migrate`` calls it on deploy)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from onboarding.pool import schema_pool_refill


class Command(BaseCommand):
    help = "Clone and seed schemas until the pool holds VALMO_SCHEMA_POOL_SIZE current ones."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=None)

    def handle(self, *args, **options):
        added = schema_pool_refill(size=options["size"])
        if added:
            self.stdout.write(f"Schema pool: {added} schemas cloned.")
