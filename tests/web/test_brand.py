"""The municipality's brand: the settings page, the service's rules and the header."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from coaching import services
from coaching.models import CoachingSettings
from privacy.models import AuditEvent
from valmo.colour import contrast_ratio, darker

pytestmark = pytest.mark.django_db
URL = "/asetukset/ulkoasu/"


def png(size=(40, 20), kind="PNG") -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", size, (0, 0, 191)).save(data, kind)
    return SimpleUploadedFile(f"logo.{kind.lower()}", data.getvalue(), content_type="image/png")


@pytest.fixture
def admin_client(tenant_a, staff, client_for):
    client = client_for(tenant_a, staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_contrast_of_the_kernel_helper():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert contrast_ratio("#ffff00", "#ffffff") < 4.5
    assert darker("#0000bf") == "#00008f"


def test_the_admin_sets_colour_and_logo_and_every_page_shows_them(admin_client, staff):
    response = admin_client.post(URL, {"brand_colour": "#1A5E20", "logo": png()})
    assert response.status_code == 302
    row = CoachingSettings.objects.get()
    assert row.brand_colour == "#1a5e20"
    assert row.logo.name.startswith("branding/logo")
    assert row.logo.storage.exists(row.logo.name)
    event = AuditEvent.objects.get(object_type="coaching.coachingsettings", action="change")
    assert event.actor_id == staff.admin.pk
    assert event.detail["fields"] == ["brand_colour", "logo"]

    page = admin_client.get("/tanaan/").content.decode()
    assert 'href="/brand.css?v=' in page
    assert 'src="/brand/logo/?v=' in page
    assert "style=" not in page

    css = admin_client.get("/brand.css?v=1")
    assert css["Content-Type"].startswith("text/css")
    assert "immutable" in css["Cache-Control"]
    assert b"--brand: #1a5e20;" in css.content
    logo = admin_client.get("/brand/logo/?v=1")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")


def test_the_stylesheet_and_logo_are_public_and_empty_by_default(tenant_a, client_for):
    client = client_for(tenant_a)
    css = client.get("/brand.css")
    assert css.status_code == 200
    assert b"--brand:" not in css.content
    assert client.get("/brand/logo/").status_code == 404
    login = client.get("/accounts/login/")
    assert b"/brand.css" not in login.content


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("#ffff00", "at least 4.5:1"),
        ("blue", "six hexadecimal digits"),
        ("#12345g", "six hexadecimal digits"),
    ],
)
def test_a_bad_colour_is_a_400_at_its_field(admin_client, value, message):
    response = admin_client.post(URL, {"brand_colour": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="id_brand_colour-error"' in response.content.decode()
    assert not CoachingSettings.objects.exists()


def test_a_bad_logo_is_a_400_at_its_field_and_nothing_is_saved(admin_client):
    text = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = admin_client.post(URL, {"brand_colour": "#1a5e20", "logo": text})
    assert response.status_code == 400
    assert "PNG, JPEG or WebP" in response.content.decode()
    assert not CoachingSettings.objects.exists()
    huge = png(size=(2400, 10))
    response = admin_client.post(URL, {"logo": huge})
    assert response.status_code == 400
    assert "2000" in response.content.decode()


def test_the_logo_can_be_removed(admin_client, staff):
    services.brand_update(actor=staff.admin, brand_colour="", logo=png())
    old = CoachingSettings.objects.get().logo
    response = admin_client.post(URL, {"brand_colour": "", "remove_logo": "on"})
    assert response.status_code == 302
    assert not CoachingSettings.objects.get().logo
    assert admin_client.get("/brand/logo/").status_code == 404
    assert old.name


def test_only_the_tenant_admin_may_change_the_brand(tenant_a, staff, client_for):
    client = client_for(tenant_a, staff.coach)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"brand_colour": "#1a5e20"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.brand_update(actor=staff.coach, brand_colour="#1a5e20")
    assert not CoachingSettings.objects.exists()


def test_the_database_refuses_a_malformed_colour(tenant_a, staff):
    row = services.brand_update(actor=staff.admin, brand_colour="#1a5e20")
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachingSettings.objects.filter(pk=row.pk).update(brand_colour="red")
    row.brand_colour = "red"
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "brand_colour" in error.value.message_dict


def test_the_settings_page_is_in_the_admins_navigation(admin_client):
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert f'href="{URL}"' in page.content.decode()
