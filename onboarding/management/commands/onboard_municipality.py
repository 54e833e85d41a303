from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onboarding.services import municipality_onboard


class Command(BaseCommand):
    help = "Onboard a municipality: schema, domain, default configuration and first admin."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--domain", required=True)
        parser.add_argument("--region", required=True, help="Employment area identifier or name")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--slug", help="Schema identifier (default: from the name)")
        parser.add_argument("--business-id", default="")
        parser.add_argument("--language", default="fi", choices=["fi", "sv", "en"])

    def handle(self, *args, **options):
        try:
            municipality = municipality_onboard(
                name=options["name"],
                domain=options["domain"],
                region=options["region"],
                admin_email=options["admin_email"],
                slug=options["slug"],
                business_id=options["business_id"],
                default_language=options["language"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                lines = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            else:
                lines = exc.messages
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Onboarded {municipality.name} (schema {municipality.schema_name}) at "
                f"{options['domain']}; invitation queued for {options['admin_email']}."
            )
        )
