from __future__ import annotations

import argparse
import os

from django.core.management.base import BaseCommand
from django.utils import translation

from accounts.models import User
from onboarding.demo import demo_data_ensure


def default_port() -> int:
    """``$PORT`` when it is a port number, else 8000 (what ``runserver`` and the run script use)."""
    value = os.environ.get("PORT", "")
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else 8000


def port_number(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"must be a TCP port number (1-65535), not {value!r}")
    return int(value)


class Command(BaseCommand):
    help = "Create the public site and demo municipalities (idempotent); print demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--base-domain", default="localhost")
        parser.add_argument(
            "--port",
            type=port_number,
            default=default_port(),
            help="port the server listens on, used in the printed links (default: $PORT or 8000)",
        )

    def handle(self, *args, **options):
        report = demo_data_ensure(base_domain=options["base_domain"])
        base = options["base_domain"]
        port = options["port"]
        # The command talks to the developer in English; role names follow, not the site language.
        with translation.override("en"):
            roles = {value: str(label) for value, label in User.Role.choices}
            shown = [User.Role.PLATFORM_OPERATOR, User.Role.REGIONAL_COORDINATOR] + [
                role for place in report["municipalities"] for _, role in place["staff"]
            ]
            width = max(len(roles[role]) for role in shown)
            state = "created" if report["created"] else "already there"
            self.stdout.write(self.style.SUCCESS(f"Valmo demo data is ready ({state})."))
            self.stdout.write(f"  Public site and operators' admin: http://{base}:{port}/")
            operator = roles[User.Role.PLATFORM_OPERATOR]
            self.stdout.write(
                f"    {operator:<{width}}  {report['operator_email']} / {report['password']}"
            )
            coordinator = roles[User.Role.REGIONAL_COORDINATOR]
            self.stdout.write(
                f"    {coordinator:<{width}}  {report['coordinator_email']} / {report['password']}"
                "  (comparison: /koordinaattori/)"
            )
            for municipality in report["municipalities"]:
                self.stdout.write(
                    f"  {municipality['name']}: http://{municipality['domain']}:{port}/"
                )
                for email, role in municipality["staff"]:
                    self.stdout.write(f"    {roles[role]:<{width}}  {email} / {report['password']}")
