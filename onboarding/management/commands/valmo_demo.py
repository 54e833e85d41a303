from __future__ import annotations

from django.core.management.base import BaseCommand

from onboarding.demo import demo_data_ensure


class Command(BaseCommand):
    help = "Create the public site and demo municipalities (idempotent); print demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--base-domain", default="localhost")

    def handle(self, *args, **options):
        report = demo_data_ensure(base_domain=options["base_domain"])
        self.stdout.write(self.style.SUCCESS("Valmo demo data is ready."))
        self.stdout.write(
            f"  Public site and operators' admin: http://{options['base_domain']}:8000/"
        )
        self.stdout.write(f"    operator {report['operator_email']} / {report['password']}")
        for municipality in report["municipalities"]:
            self.stdout.write(f"  {municipality['name']}: http://{municipality['domain']}:8000/")
            for email, role in municipality["staff"]:
                self.stdout.write(f"    {role:<16} {email} / {report['password']}")
