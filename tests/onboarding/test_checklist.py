"""The setup checklist: each step done or not from real data, decisions, landing, screens."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from accounts.models import User
from accounts.services import security_policy_update
from coaching.models import PartnerContact, PartnerOrganisation, Site, WorkUnit
from onboarding.models import SetupDecision
from onboarding.selectors import setup_checklist_get
from onboarding.services import setup_step_decide

pytestmark = pytest.mark.django_db
PASSWORD = "Tyomaa-tauko-2026!"


def _steps() -> dict[str, bool]:
    return {step.key: step.done for step in setup_checklist_get().steps}


@pytest.fixture
def admin(tenant_a):
    user = User.objects.create_user(
        email="setup-admin@test-a.example.fi", password=PASSWORD, role="tenant_admin"
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


@pytest.fixture
def admin_client(tenant_a, admin, client_for):
    client = client_for(tenant_a, admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    return client


def test_a_new_municipality_starts_with_the_defaults_done(tenant_a):
    steps = _steps()
    # Seeded at onboarding from the national defaults.
    assert steps["tasks"]
    assert steps["statuses"]
    assert steps["service_forms"]
    assert steps["capacity"]
    # Left to the municipality.
    assert not any(
        steps[key] for key in ("details", "sites", "coaching_settings", "staff", "mfa", "sso")
    )
    assert not steps["partners"]
    assert not steps["benchmarking"]
    checklist = setup_checklist_get()
    assert not checklist.ready
    assert {step.key for step in checklist.required_open} == {
        "details",
        "sites",
        "coaching_settings",
        "staff",
        "mfa",
    }


def test_completing_every_required_step_through_the_screens_makes_it_ready(
    tenant_a, admin, admin_client, django_capture_on_commit_callbacks
):
    page = admin_client.get("/kayttoonotto/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/admin/' not in html  # the app never links a municipal admin there
    for url in ("/asetukset/ulkoasu/", "/asetukset/toimipisteet/", "/asetukset/valmennus/"):
        assert f'href="{url}"' in html
    assert "5 pakollista vaihetta on vielä kesken." in html

    assert admin_client.post("/asetukset/ulkoasu/", {"brand_colour": "#1a5e20"}).status_code == 302
    response = admin_client.post(
        "/asetukset/toimipisteet/",
        {"kind": "site", "site-name": "Varikko", "site-address": "Teollisuuskatu 1"},
    )
    assert response.status_code == 302
    site = Site.objects.get(name="Varikko")
    response = admin_client.post(
        "/asetukset/toimipisteet/",
        {
            "kind": "unit",
            "unit-name": "Puistotoimi",
            "unit-site": site.pk,
            "unit-contact_name": "Paula Puisto",
            "unit-contact_email": "paula@example.fi",
        },
    )
    assert response.status_code == 302
    assert WorkUnit.objects.get(name="Puistotoimi").contact_name == "Paula Puisto"
    response = admin_client.post(
        "/asetukset/valmennus/",
        {"group_size_soft_limit": 10, "group_size_hard_limit": 12, "follow_up_months": 6},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/accounts/invitations/", {"email": "uusi.valmentaja@example.fi", "role": "work_coach"}
        )
    assert response.status_code in (200, 302)
    assert not setup_checklist_get().ready  # the MFA policy is still open
    response = admin_client.post("/kayttoonotto/paatos/", {"step": "mfa", "decided": "1"})
    assert response.status_code == 302
    assert SetupDecision.objects.filter(municipality=tenant_a, step="mfa").exists()

    checklist = setup_checklist_get()
    assert checklist.ready, [step.key for step in checklist.required_open]
    html = admin_client.get("/kayttoonotto/").content.decode()
    assert "Kunta on valmis" in html

    # Withdrawing the decision opens the step again; requiring MFA closes it for real.
    admin_client.post("/kayttoonotto/paatos/", {"step": "mfa", "decided": "0"})
    assert not setup_checklist_get().ready
    security_policy_update(actor=admin, mfa_required_for_staff=True)
    assert setup_checklist_get().ready


def test_sso_decision_and_benchmarking_choice(tenant_a, admin, admin_client):
    assert admin_client.post("/kayttoonotto/paatos/", {"step": "sso"}).status_code == 302
    assert _steps()["sso"]
    response = admin_client.post("/kayttoonotto/vertailu/", {"participates": "1"})
    assert response.status_code == 302
    assert _steps()["benchmarking"]
    step = next(s for s in setup_checklist_get().steps if s.key == "benchmarking")
    assert str(step.detail) == "Osallistuu"  # the test runs in the platform's language
    bad = admin_client.post("/kayttoonotto/vertailu/", {"participates": "maybe"})
    assert bad.status_code == 400
    assert bad.context["benchmarking_form"].errors["participates"]


def test_only_decision_steps_can_be_decided(tenant_a, admin, admin_client):
    with pytest.raises(ValidationError) as error:
        setup_step_decide(actor=admin, step="sites")
    assert "step" in error.value.message_dict
    response = admin_client.post("/kayttoonotto/paatos/", {"step": "sites"})
    assert response.status_code == 400
    assert "Tästä vaiheesta ei voi vain päättää" in response.content.decode()
    assert not SetupDecision.objects.exists()


def test_only_the_tenant_admin(tenant_a, make_user, client_for):
    coach = make_user(tenant_a, role="work_coach")
    with pytest.raises(PermissionDenied):
        setup_step_decide(actor=coach, step="sso")
    client = client_for(tenant_a, coach)
    for url in ("/kayttoonotto/", "/asetukset/toimipisteet/", "/asetukset/valmennus/"):
        assert client.get(url).status_code == 403, url
    assert client.post("/kayttoonotto/paatos/", {"step": "sso"}).status_code == 403
    assert not SetupDecision.objects.exists()


def test_the_admin_lands_on_the_checklist_until_ready(tenant_a, admin, make_user, client_for):
    from django.test import Client

    from tests.conftest import host_of

    client = Client(HTTP_HOST=host_of(tenant_a))
    response = client.post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/kayttoonotto/"

    coach = User.objects.create_user(
        email="c@test-a.example.fi", password=PASSWORD, role="work_coach"
    )
    EmailAddress.objects.create(user=coach, email=coach.email, primary=True, verified=True)
    other = Client(HTTP_HOST=host_of(tenant_a))
    response = other.post("/accounts/login/", {"login": coach.email, "password": PASSWORD})
    assert response["Location"] == "/"

    # Once ready, the admin lands on the front page like everyone else.
    for step in ("mfa",):
        setup_step_decide(actor=admin, step=step)
    from coaching import services

    services.brand_update(actor=admin, brand_colour="#1a5e20")
    site = services.site_create(actor=admin, name="Varikko")
    services.work_unit_create(actor=admin, name="Puistotoimi", site=site, contact_name="P")
    services.coaching_settings_update(actor=admin, follow_up_months=3)
    assert setup_checklist_get().ready
    again = Client(HTTP_HOST=host_of(tenant_a))
    response = again.post("/accounts/login/", {"login": admin.email, "password": PASSWORD})
    assert response["Location"] == "/"
    connection.set_schema_to_public()


def test_setup_screens_refuse_bad_input_at_the_field(tenant_a, admin, admin_client, make_user):
    admin_client.post("/asetukset/toimipisteet/", {"kind": "site", "site-name": "Varikko"})
    response = admin_client.post(
        "/asetukset/toimipisteet/", {"kind": "site", "site-name": "varikko"}
    )
    assert response.status_code == 400
    assert response.context["site_form"].errors["name"] == [
        "Samanniminen toimipiste on jo olemassa."
    ]
    response = admin_client.post(
        "/asetukset/toimipisteet/", {"kind": "unit", "unit-name": "Keittiö"}
    )
    assert response.status_code == 400
    assert "contact_name" in response.context["unit_form"].errors
    coach = make_user(tenant_a, role="work_coach")
    response = admin_client.post(
        "/asetukset/toimipisteet/",
        {
            "kind": "unit",
            "unit-name": "Keittiö",
            "unit-contact_name": "K",
            "unit-supervisor": coach.pk,
        },
    )
    assert response.status_code == 400  # a coach is not offered as a supervisor
    assert "supervisor" in response.context["unit_form"].errors
    assert not WorkUnit.objects.filter(name="Keittiö").exists()

    response = admin_client.post(
        "/asetukset/valmennus/",
        {"group_size_soft_limit": 15, "group_size_hard_limit": 12, "follow_up_months": 3},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["group_size_soft_limit"] == [
        "Ryhmäkoon ohjeellinen yläraja ei voi olla suurempi kuin ehdoton yläraja."
    ]
    assert not _steps()["coaching_settings"]

    # An organisation and its first contact: both or neither.
    response = admin_client.post(
        "/asetukset/kumppanit/",
        {"name": "Työllisyysalue", "kind": "employment_area", "contact_email": "ei-osoite"},
    )
    assert response.status_code == 400
    assert "contact_email" in response.context["form"].errors
    response = admin_client.post(
        "/asetukset/kumppanit/",
        {"name": "Työllisyysalue", "kind": "employment_area", "contact_phone": "040 123"},
    )
    assert response.status_code == 400
    assert "contact_name" in response.context["form"].errors
    assert not PartnerOrganisation.objects.exists()
    response = admin_client.post(
        "/asetukset/kumppanit/",
        {
            "name": "Työllisyysalue",
            "kind": "employment_area",
            "contact_name": "Kaisa Käsittelijä",
            "contact_is_case_manager": "on",
        },
    )
    assert response.status_code == 302
    assert PartnerContact.objects.get().is_case_manager
    assert _steps()["partners"]


def test_the_admin_sets_the_default_language(tenant_a, admin, admin_client):
    from tenants.models import Municipality

    response = admin_client.post("/kayttoonotto/kieli/", {"default_language": "de"})
    assert response.status_code == 400
    assert response.context["language_form"].errors["default_language"]
    assert Municipality.objects.get(pk=tenant_a.pk).default_language == "fi"
    response = admin_client.post("/kayttoonotto/kieli/", {"default_language": "sv"})
    assert response.status_code == 302
    assert Municipality.objects.get(pk=tenant_a.pk).default_language == "sv"
    # Another municipality's row is untouched.
    assert Municipality.objects.get(slug="test_b").default_language == "fi"
