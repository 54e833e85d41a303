"""The release command: run once per deploy, before the new web, worker and beat tasks start.

``valmo_migrate`` does the migrations (public schema, then the clone template, then only the
municipality schemas behind the graph: with nothing to do it costs one query), then the static
files are collected unless the image already holds them (``--no-static``, the container's case).
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Release: migrate the public schema, the template and every municipality behind "
        "(valmo_migrate), then collectstatic (skip with --no-static)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-static",
            action="store_true",
            help="Do not collect static files (the container image collected them at build).",
        )
        parser.add_argument(
            "--executor", default="multiprocessing", choices=["standard", "multiprocessing"]
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        started = time.perf_counter()
        call_command(
            "valmo_migrate",
            executor=options["executor"],
            verbosity=verbosity,
            stdout=self.stdout,
        )
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=verbosity)
        self.stdout.write(f"Release done in {time.perf_counter() - started:.1f} s.")
