"""Reserved schema names are refused with a translated field error, never a traceback."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import ManagementUtility
from django.db import connections
from django.utils import translation
from django_tenants.utils import schema_exists

from onboarding.services import municipality_onboard
from tenants.models import Domain, Municipality

pytestmark = pytest.mark.django_db

ARGS = {"domain": "varattu.test.localhost", "region": "test_area", "admin_email": "a@kunta.fi"}


@pytest.mark.parametrize(
    "slug", ["pg_foo", "pg_catalog", "public", "information_schema", "valmo_template"]
)
def test_reserved_identifier_is_a_field_error(tenants, slug):
    before = (Municipality.objects.count(), Domain.objects.count())

    with translation.override("fi"), pytest.raises(ValidationError) as excinfo:
        municipality_onboard(name="Varattu", slug=slug, **ARGS)

    assert excinfo.value.message_dict == {
        "slug": [f"Tunniste ”{slug}” on järjestelmän varaama; valitse toinen tunniste."]
    }
    assert (Municipality.objects.count(), Domain.objects.count()) == before


def test_name_that_slugifies_to_a_reserved_identifier_names_the_name(tenants):
    with translation.override("sv"), pytest.raises(ValidationError) as excinfo:
        municipality_onboard(name="Pg Kunta", **ARGS)

    assert excinfo.value.message_dict == {
        "name": [
            "Identifieraren ”pg_kunta” är reserverad av systemet; välj en annan identifierare."
        ]
    }
    assert not schema_exists("pg_kunta")


def test_identifier_differing_only_in_case_from_an_existing_schema_collides(tenants):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "Kaksoset"')
    with pytest.raises(ValidationError) as excinfo:
        municipality_onboard(name="Kaksoset", slug="kaksoset", **ARGS)

    assert list(excinfo.value.message_dict) == ["slug"]


@pytest.mark.parametrize(
    ("args", "field", "slug"),
    [
        (["--name", "Pg Kunta"], "name", "pg_kunta"),
        (["--name", "Foo", "--slug", "pg_foo"], "slug", "pg_foo"),
        (["--name", "Julkinen", "--slug", "public"], "slug", "public"),
    ],
)
def test_command_prints_the_error_and_exits_non_zero(
    tenants, capsys, monkeypatch, args, field, slug
):
    """As from a shell: ``manage.py`` prints the error and exits 1, without a traceback."""
    # run_from_argv closes the database connections at the end; the test still needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    argv = ["manage.py", "onboard_municipality", *args]
    argv += ["--domain", ARGS["domain"], "--region", "test_area", "--admin-email", "a@kunta.fi"]

    with pytest.raises(SystemExit) as excinfo:
        ManagementUtility(argv).execute()

    assert excinfo.value.code == 1
    err = capsys.readouterr().err
    # Commands speak the platform's language (LANGUAGE_CODE fi).
    assert err == (
        f"CommandError: {field}: Tunniste ”{slug}” on järjestelmän varaama; "
        "valitse toinen tunniste.\n"
    )
    assert "Traceback" not in err
    assert not Municipality.objects.filter(domains__domain=ARGS["domain"]).exists()
