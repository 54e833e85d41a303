from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from valmo.catalogues import catalogues_compile


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo without needing GNU gettext installed."

    def handle(self, *args, **options):
        count = catalogues_compile(settings.LOCALE_PATHS)
        if options["verbosity"]:
            self.stdout.write(f"Compiled {count} catalogue(s).")
