from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from onboarding.services import municipality_onboard
from tenants.models import Domain, Municipality

pytestmark = pytest.mark.django_db


def _onboard(**overrides):
    params = {
        "name": "Liperi",
        "domain": "liperi.test.localhost",
        "region": "test_area",
        "admin_email": "Paakayttaja@Liperi.fi",
    }
    params.update(overrides)
    return municipality_onboard(**params)


def test_onboarding_creates_schema_domain_defaults_and_invites_admin(
    tenants, django_capture_on_commit_callbacks
):
    from accounts.models import User
    from coaching.models import (
        DifficultyLevel,
        LegalFrame,
        ParticipationStatus,
        ServiceForm,
        TaskSector,
        WorkTask,
    )

    with django_capture_on_commit_callbacks(execute=True):
        municipality = _onboard()

    assert municipality.schema_name == "liperi"
    assert municipality.region.slug == "test_area"
    assert municipality.timezone == "Europe/Helsinki"
    assert schema_exists("liperi")
    assert Domain.objects.get(domain="liperi.test.localhost").tenant_id == municipality.pk
    with schema_context("liperi"):
        assert TaskSector.objects.count() == 8
        assert WorkTask.objects.count() == 11
        assert all(t.levels.count() == 3 for t in WorkTask.objects.all())
        assert DifficultyLevel.objects.count() == 3
        assert set(ParticipationStatus.objects.values_list("code", flat=True)) == {
            "work_trial",
            "rehabilitative_work",
            "employment",
            "career_coaching",
        }
        assert LegalFrame.objects.get(status__code="rehabilitative_work").max_days_per_week == 4
        assert ServiceForm.objects.count() == 4
        admin = User.objects.get()
        assert admin.email == "paakayttaja@liperi.fi"
        assert admin.role == User.Role.TENANT_ADMIN
        assert not admin.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["paakayttaja@liperi.fi"]
    assert "http://liperi.test.localhost:8000/accounts/invitation/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"domain": "test-a.test.localhost"}, "domain"),
        ({"domain": "not a host"}, "domain"),
        ({"name": "   "}, "name"),
        ({"name": "1234"}, "name"),
        ({"region": "atlantis"}, "region"),
        ({"admin_email": "not-an-email"}, "admin_email"),
        ({"slug": "Bad-Slug"}, "slug"),
        ({"slug": "test_a"}, "slug"),
        ({"slug": "public"}, "slug"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(tenants, overrides, field):
    before = (Municipality.objects.count(), Domain.objects.count())

    with pytest.raises(ValidationError) as excinfo:
        _onboard(**overrides)

    assert list(excinfo.value.message_dict) == [field]
    assert (Municipality.objects.count(), Domain.objects.count()) == before
    assert not schema_exists("liperi")


def test_errors_are_translated(tenants):
    from django.utils import translation

    with translation.override("fi"), pytest.raises(ValidationError) as excinfo:
        _onboard(region="atlantis")

    assert excinfo.value.message_dict["region"] == ["Tuntematon työllisyysalue ”atlantis”."]


def test_failure_after_schema_creation_leaves_nothing_behind(tenants, monkeypatch):
    import coaching.services

    def explode(**kwargs):
        assert schema_exists("liperi")  # the schema really was created before the failure
        raise RuntimeError("seeding failed")

    monkeypatch.setattr(coaching.services, "tenant_defaults_seed", explode)
    with pytest.raises(RuntimeError, match="seeding failed"):
        _onboard()

    connection.set_schema_to_public()
    assert not schema_exists("liperi")
    assert not Municipality.objects.filter(slug="liperi").exists()
    assert not Domain.objects.filter(domain="liperi.test.localhost").exists()


def test_command_reports_field_errors(tenants):
    with pytest.raises(CommandError, match="region: "):
        call_command(
            "onboard_municipality",
            "--name",
            "Outokumpu",
            "--domain",
            "outokumpu.test.localhost",
            "--region",
            "atlantis",
            "--admin-email",
            "admin@outokumpu.fi",
        )
    assert not Municipality.objects.filter(name="Outokumpu").exists()


def test_command_onboards(tenants, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "onboard_municipality",
            "--name",
            "Outokumpu",
            "--domain",
            "outokumpu.test.localhost",
            "--region",
            "Testialue",
            "--admin-email",
            "admin@outokumpu.fi",
        )
    municipality = Municipality.objects.get(name="Outokumpu")
    assert municipality.schema_name == "outokumpu"
    assert municipality.get_primary_domain().domain == "outokumpu.test.localhost"
