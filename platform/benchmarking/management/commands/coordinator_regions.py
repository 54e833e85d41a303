"""Give a regional coordinator (a public-schema account) the employment areas they compare.

    manage.py coordinator_regions coordinator@example.fi pohjois-karjala [more area slugs]

Create the account first by inviting it on the public host (``/accounts/invitations/``, role
regional coordinator). No area slugs: the coordinator sees nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import User
from benchmarking.services import coordinator_regions_set
from tenants.models import Region


class Command(BaseCommand):
    help = "Set the employment areas a regional coordinator may compare."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("regions", nargs="*", help="employment area identifiers (slugs)")

    def handle(self, *args, **options):
        connection.set_schema_to_public()
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account {options['email']} on the public host.")
        regions = list(Region.objects.filter(slug__in=options["regions"]))
        missing = set(options["regions"]) - {region.slug for region in regions}
        if missing:
            raise CommandError(f"Unknown employment areas: {', '.join(sorted(missing))}")
        chosen = coordinator_regions_set(actor=None, user=user, regions=regions)
        names = ", ".join(region.name for region in chosen) or "none"
        self.stdout.write(f"{user.email}: {names}")
