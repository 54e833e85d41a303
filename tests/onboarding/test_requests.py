"""Onboarding requests: the operator's form, the public form with approval, progress, refusals."""

from __future__ import annotations

import os

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from accounts.models import SecurityPolicy, User
from onboarding.models import OnboardingRequest
from onboarding.request_services import onboarding_request_create
from onboarding.services import onboarding_request_execute
from tenants.models import Domain, Municipality

pytestmark = pytest.mark.django_db

PASSWORD = "Tyomaa-tauko-2026!"


def _operator(role: str = "platform_operator") -> User:
    connection.set_schema_to_public()
    user = User.objects.create_user(
        email=f"{role}-{os.urandom(3).hex()}@example.fi",
        password=PASSWORD,
        role=role,
        is_staff=role == "platform_operator",
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def _public(user: User | None = None, language: str = "fi") -> Client:
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


FORM = {
    "name": "Polvijärvi",
    "region": "test_area",
    "domain": "polvijarvi.test.localhost",
    "default_language": "sv",
    "admin_email": "Admin@Polvijarvi.fi",
    "mfa_required": "on",
}


def test_operator_creates_a_municipality_and_sees_it_ready(
    tenants, django_capture_on_commit_callbacks
):
    operator = _operator()
    client = _public(operator)
    assert client.get("/operaattori/kunnat/uusi/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/operaattori/kunnat/uusi/", FORM)

    assert response.status_code == 302
    request = OnboardingRequest.objects.get(domain="polvijarvi.test.localhost")
    assert response["Location"] == f"/operaattori/pyynnot/{request.pk}/"
    assert request.status == OnboardingRequest.Status.DONE
    assert request.source == OnboardingRequest.Source.OPERATOR
    assert request.created_by == operator
    assert request.decided_by == operator
    municipality = Municipality.objects.get(slug="polvijarvi")
    assert request.municipality == municipality
    assert municipality.default_language == "sv"
    assert schema_exists("polvijarvi")
    assert Domain.objects.get(domain="polvijarvi.test.localhost").tenant == municipality
    with schema_context("polvijarvi"):
        admin = User.objects.get()
        assert admin.email == "admin@polvijarvi.fi"
        assert admin.role == User.Role.TENANT_ADMIN
        assert SecurityPolicy.objects.get().mfa_required_for_staff is True
    assert [message.to for message in mail.outbox] == [["admin@polvijarvi.fi"]]
    assert "/accounts/invitation/" in mail.outbox[0].body

    page = client.get(response["Location"]).content.decode()
    assert "Valmis" in page
    assert "admin@polvijarvi.fi" in page
    assert 'hx-trigger="every 2s"' not in page  # finished: no more polling
    listing = client.get("/operaattori/").content.decode()
    assert "Polvijärvi" in listing


def test_queued_request_is_polled_until_it_runs(tenants):
    operator = _operator()
    request = onboarding_request_create(
        actor=operator,
        name="Outokumpu",
        region="test_area",
        domain="outokumpu.test.localhost",
        admin_email="admin@outokumpu.fi",
    )  # the on-commit task is not run inside the test transaction
    client = _public(operator)
    fragment = client.get(f"/operaattori/pyynnot/{request.pk}/tila/").content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert "Jonossa" in fragment

    assert onboarding_request_execute(request_id=request.pk).status == "done"
    assert onboarding_request_execute(request_id=request.pk).status == "done"  # idempotent
    assert Municipality.objects.filter(slug="outokumpu").count() == 1
    fragment = client.get(f"/operaattori/pyynnot/{request.pk}/tila/").content.decode()
    assert 'hx-trigger="every 2s"' not in fragment
    with schema_context("outokumpu"):
        assert User.objects.count() == 1


def test_a_failure_is_recorded_by_field_and_leaves_nothing(tenants):
    operator = _operator()
    request = onboarding_request_create(
        actor=operator,
        name="Kontiolahti",
        region="test_area",
        domain="kontiolahti.test.localhost",
        admin_email="admin@kontiolahti.fi",
    )
    # The host is taken between the request and its run.
    Domain.objects.create(domain="kontiolahti.test.localhost", tenant=tenants.a, is_primary=False)

    result = onboarding_request_execute(request_id=request.pk)

    assert result.status == OnboardingRequest.Status.FAILED
    assert list(result.errors) == ["domain"]
    assert not Municipality.objects.filter(slug="kontiolahti").exists()
    assert not schema_exists("kontiolahti")
    page = _public(operator).get(f"/operaattori/pyynnot/{request.pk}/").content.decode()
    assert "kontiolahti.test.localhost" in page
    assert "on jo käytössä" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": " "}, "name", "Tämä kenttä vaaditaan."),
        ({"name": "1234"}, "name", "Anna kunnan nimi."),
        ({"domain": "ei osoite"}, "domain", "ei ole kelvollinen"),
        ({"domain": "test-a.test.localhost"}, "domain", "on jo käytössä"),
        ({"region": ""}, "region", "Tämä kenttä vaaditaan"),
        ({"admin_email": "x"}, "admin_email", "sähköpostiosoite"),
        ({"default_language": "de"}, "default_language", "Valitse"),
        ({"name": "Public"}, "name", "järjestelmän varaama"),
    ],
)
def test_bad_input_is_a_400_at_its_field_and_writes_nothing(
    tenants, change, field, message, django_capture_on_commit_callbacks
):
    client = _public(_operator())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/operaattori/kunnat/uusi/", {**FORM, **change})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert callbacks == []
    assert not OnboardingRequest.objects.filter(domain__startswith="polvijarvi").exists()
    assert not Municipality.objects.filter(slug="polvijarvi").exists()


def test_an_open_request_for_the_same_domain_is_refused(tenants):
    operator = _operator()
    onboarding_request_create(actor=operator, **{**FORM, "mfa_required": True})
    response = _public(operator).post("/operaattori/kunnat/uusi/", {**FORM, "name": "Toinen"})
    assert response.status_code == 400
    assert "domain" in response.context["form"].errors


def test_public_request_waits_for_the_operator_who_approves_it(
    tenants, django_capture_on_commit_callbacks
):
    anonymous = _public()
    assert anonymous.get("/liity/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = anonymous.post(
            "/liity/",
            {
                **FORM,
                "contact_name": "Kaija Kunta",
                "contact_email": "kaija@polvijarvi.fi",
                "message": "Aloitamme keväällä.",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/liity/kiitos/"
    assert callbacks == []  # nothing is built before approval
    request = OnboardingRequest.objects.get(domain="polvijarvi.test.localhost")
    assert request.status == "requested"
    assert request.source == "public"
    assert not Municipality.objects.filter(slug="polvijarvi").exists()

    operator = _operator()
    client = _public(operator)
    assert "Polvijärvi" in client.get("/operaattori/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/operaattori/pyynnot/{request.pk}/hyvaksy/", {})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "done"
    assert request.decided_by == operator
    with schema_context("polvijarvi"):
        # The box was left unticked at approval: the policy says so.
        assert SecurityPolicy.objects.get().mfa_required_for_staff is False
    assert mail.outbox[-1].to == ["admin@polvijarvi.fi"]

    # Approving twice is refused at the request, not a 500.
    again = client.post(f"/operaattori/pyynnot/{request.pk}/hyvaksy/", {"mfa_required": "on"})
    assert again.status_code == 400


def test_public_request_errors_and_decline(tenants):
    anonymous = _public()
    response = anonymous.post("/liity/", {**FORM, "contact_name": "", "contact_email": "x"})
    assert response.status_code == 400
    assert {"contact_name", "contact_email"} <= set(response.context["form"].errors)
    assert not OnboardingRequest.objects.filter(domain__startswith="polvijarvi").exists()

    anonymous.post("/liity/", {**FORM, "contact_name": "K", "contact_email": "k@polvijarvi.fi"})
    request = OnboardingRequest.objects.get(domain="polvijarvi.test.localhost")
    client = _public(_operator())
    refused = client.post(f"/operaattori/pyynnot/{request.pk}/hylkaa/", {"reason": " "})
    assert refused.status_code == 400
    assert "reason" in refused.context["decline_form"].errors
    declined = client.post(f"/operaattori/pyynnot/{request.pk}/hylkaa/", {"reason": "Testi"})
    assert declined.status_code == 302
    request.refresh_from_db()
    assert request.status == "declined"
    assert request.decline_reason == "Testi"
    assert not Municipality.objects.filter(slug="polvijarvi").exists()


def test_only_operators_on_the_public_host(tenants, client_for, make_user):
    assert _public().get("/operaattori/").status_code == 302  # to sign-in
    coordinator = _operator("regional_coordinator")
    assert _public(coordinator).get("/operaattori/").status_code == 403
    assert _public(coordinator).post("/operaattori/kunnat/uusi/", FORM).status_code == 403
    admin = make_user(tenants.a, role="tenant_admin")
    assert client_for(tenants.a, admin).get("/operaattori/").status_code == 404
    assert client_for(tenants.a, admin).get("/liity/").status_code == 404
    assert not OnboardingRequest.objects.filter(domain__startswith="polvijarvi").exists()


def test_swedish_and_english_errors(tenants):
    client = _public(_operator(), language="sv")
    response = client.post("/operaattori/kunnat/uusi/", {**FORM, "name": "1234", "domain": "x y"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (
        errors["domain"] == ["”x y” är inte ett giltigt värdnamn."] or "x y" in errors["domain"][0]
    )
    assert errors["name"][0] != "Enter the municipality's name."
    english = _public(_operator(), language="en")
    response = english.post("/operaattori/kunnat/uusi/", {**FORM, "name": "1234"})
    assert "Enter the municipality's name." in response.context["form"].errors["name"]
