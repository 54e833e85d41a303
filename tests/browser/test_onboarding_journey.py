"""Onboarding end to end in Chromium: an operator creates a municipality, its first admin
accepts the e-mailed invitation, sets a password and TOTP, completes the setup checklist
and invites a coach, who signs in. Also a public request approved by an operator.

The server is a real ``runserver`` process with Celery eager; its e-mail goes to files the
test reads (``server_mail_dir``). Every new screen is checked on a phone (axe-core, no
sideways scroll, 44 px targets, nothing refused by the CSP).
"""

from __future__ import annotations

import re
import secrets
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import connection

from .conftest import DESKTOP, PASSWORD, _user, nav_click, phone_checks, server_mails

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

NEW_PASSWORD = "Kevat-ilta-2026!"


def totp_now(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def _text_of(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    for part in parts:
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def invitation_path(mail_dir, address: str, timeout: float = 20) -> str:
    """The path of the newest invitation link sent to ``address``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(server_mails(mail_dir)):
            if address in message.get("To", ""):
                match = re.search(
                    r"https?://[^/\s]+(/accounts/invitation/[^\s]+/)", _text_of(message)
                )
                if match:
                    return match.group(1)
        time.sleep(0.3)
    raise AssertionError(f"no invitation to {address}")


@pytest.fixture(scope="module")
def operator(django_db_blocker):
    """A committed platform operator in the public schema."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        user = _user("operaattori-polku@example.fi", "platform_operator")
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return user.email


def _public(server_port) -> str:
    return f"http://localhost:{server_port}"


def operator_sign_in(page, server_port, email: str) -> None:
    public = _public(server_port)
    page.goto(f"{public}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{public}/operaattori/")
    # Operators land on their own page (requests and onboarding), not in the Django admin.
    page.console_errors.clear()


def accept_and_set_up_mfa(page, base: str, path: str, email: str) -> None:
    """Accept the invitation, sign in, and activate TOTP as the MFA policy requires."""
    page.goto(f"{base}{path}")
    phone_checks(page)
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    # The policy chosen at onboarding sends staff without a second factor to MFA set-up.
    page.wait_for_url(re.compile(r".*/accounts/2fa/.*"))
    page.goto(f"{base}/accounts/2fa/totp/activate/")
    if "reauthenticate" in page.url:
        page.fill("input[name=password]", NEW_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{base}/accounts/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_now(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/totp/activate/" not in url)


def test_operator_creates_a_municipality_and_its_admin_sets_it_up(
    new_page, server_port, server_mail_dir, operator
):
    suffix = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
    name = f"Polkukunta {suffix}"
    domain = f"polku-{suffix}.test.localhost"
    admin_email = f"admin@polku-{suffix}.example.fi"
    coach_email = f"valmentaja@polku-{suffix}.example.fi"
    public = _public(server_port)

    # 1. The operator, on the public host, creates the municipality from the form.
    desk = new_page(viewport=DESKTOP)
    operator_sign_in(desk, server_port, operator)
    desk.goto(f"{public}/operaattori/")
    desk.click("text=Uusi kunta")
    desk.wait_for_url(f"{public}/operaattori/kunnat/uusi/")
    phone_checks(desk)
    desk.fill("#id_name", name)
    desk.select_option("#id_region", "test_area")
    desk.fill("#id_domain", "ei osoite")
    desk.select_option("#id_default_language", "fi")
    desk.fill("#id_admin_email", admin_email)
    desk.click("main button[type=submit]")
    # A bad host comes back at its field, the rest kept.
    assert "ei ole kelvollinen" in desk.inner_text("#id_domain-error")
    assert desk.input_value("#id_name") == name
    desk.fill("#id_domain", domain)
    desk.click("main button[type=submit]")
    desk.wait_for_url(re.compile(r".*/operaattori/pyynnot/\d+/"))
    # Celery runs eagerly here, so the progress is final by the time the page shows.
    assert "Valmis" in desk.inner_text("#progress")
    assert admin_email in desk.inner_text("#progress")
    phone_checks(desk)
    desk.goto(f"{public}/operaattori/")
    assert name in desk.inner_text("main")
    phone_checks(desk)

    # 2. The first admin accepts the invitation, sets a password and TOTP.
    base = f"http://{domain}:{server_port}"
    page = new_page()
    accept_and_set_up_mfa(page, base, invitation_path(server_mail_dir, admin_email), admin_email)

    # 3. …and lands in the setup checklist (from the navigation after MFA set-up).
    page.goto(f"{base}/")
    nav_click(page, "Käyttöönotto")
    page.wait_for_url(f"{base}/kayttoonotto/")
    assert "pakollista vaihetta on vielä kesken" in page.inner_text("main")
    assert page.locator("a[href^='/admin']").count() == 0
    phone_checks(page)
    mfa_step = page.locator("#step-mfa")
    assert "Valmis" in mfa_step.inner_text()  # required at onboarding, and now set up

    # Branding.
    page.click("#step-details a")
    page.fill("#id_brand_colour", "#1a5e20")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/asetukset/ulkoasu/")
    page.goto(f"{base}/kayttoonotto/")
    assert "Valmis" in page.locator("#step-details").inner_text()

    # Sites and work units with a contact person: an error first, at its field.
    page.click("#step-sites a")
    page.wait_for_url(f"{base}/asetukset/toimipisteet/")
    phone_checks(page)
    page.fill("#id_site-name", "Varikko")
    page.click("text=Lisää toimipiste >> nth=-1")
    page.wait_for_url(f"{base}/asetukset/toimipisteet/")
    page.fill("#id_unit-name", "Puistotoimi")
    page.select_option("#id_unit-site", label="Varikko")
    page.click("text=Lisää työyksikkö >> nth=-1")
    assert "Anna yksikön yhteyshenkilö" in page.inner_text(
        "#id_unit-contact_name-error"
    ) or "vaaditaan" in page.inner_text("#id_unit-contact_name-error")
    assert page.input_value("#id_unit-name") == "Puistotoimi"
    phone_checks(page)
    page.fill("#id_unit-contact_name", "Paula Puisto")
    page.fill("#id_unit-contact_email", "paula@example.fi")
    page.click("text=Lisää työyksikkö >> nth=-1")
    page.wait_for_url(f"{base}/asetukset/toimipisteet/")
    assert "Paula Puisto" in page.inner_text("main")

    # Coaching settings.
    page.goto(f"{base}/kayttoonotto/")
    page.click("#step-coaching_settings a")
    page.wait_for_url(f"{base}/asetukset/valmennus/")
    phone_checks(page)
    page.fill("#id_group_size_soft_limit", "10")
    page.fill("#id_group_size_hard_limit", "12")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/asetukset/valmennus/")

    # Partners (optional) with a contact.
    page.goto(f"{base}/asetukset/kumppanit/")
    phone_checks(page)
    page.fill("#id_name", "Pohjois-Karjalan työllisyysalue")
    page.fill("#id_contact_name", "Kaisa Käsittelijä")
    page.check("#id_contact_is_case_manager")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/asetukset/kumppanit/")
    assert "Kaisa Käsittelijä" in page.inner_text("main")

    # Staff invitation: a work coach.
    page.goto(f"{base}/kayttoonotto/")
    page.click("#step-staff a")
    page.wait_for_url(f"{base}/accounts/invitations/")
    page.fill("input[name=email]", coach_email)
    page.select_option("select[name=role]", "work_coach")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    # Optional decisions: no single sign-on; take part in benchmarking.
    page.goto(f"{base}/kayttoonotto/")
    page.click("#step-sso button")
    page.wait_for_url(f"{base}/kayttoonotto/")
    # Not taking part: the benchmarking tests expect only their own participants.
    page.check("#step-benchmarking input[value='0']")
    page.click("#step-benchmarking button")
    page.wait_for_url(f"{base}/kayttoonotto/")
    assert "Kunta on valmis" in page.inner_text("main")
    for key in ("details", "sites", "coaching_settings", "staff", "mfa", "sso", "benchmarking"):
        assert "Valmis" in page.locator(f"#step-{key}").inner_text(), key
    phone_checks(page)

    # 4. The coach accepts the invitation, sets up MFA and is signed in.
    coach = new_page()
    accept_and_set_up_mfa(coach, base, invitation_path(server_mail_dir, coach_email), coach_email)
    coach.goto(f"{base}/")
    assert coach.locator("nav.site-nav a", has_text="Tänään").count() == 1
    assert coach.locator("a[href='/kayttoonotto/']").count() == 0


def test_a_public_request_is_approved_by_an_operator(
    new_page, server_port, server_mail_dir, operator
):
    suffix = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6))
    name = f"Pyyntökunta {suffix}"
    domain = f"pyynto-{suffix}.test.localhost"
    admin_email = f"admin@pyynto-{suffix}.example.fi"
    public = _public(server_port)

    page = new_page()
    page.goto(f"{public}/")
    page.click("text=Pyydä Valmoa kuntaasi")
    page.wait_for_url(f"{public}/liity/")
    phone_checks(page)
    page.fill("#id_name", name)
    page.select_option("#id_region", "test_area")
    page.fill("#id_domain", domain)
    page.fill("#id_admin_email", admin_email)
    page.fill("#id_contact_name", "Kaija Kunta")
    page.fill("#id_contact_email", "ei-osoite")
    page.click("main button[type=submit]")
    assert page.locator("#id_contact_email-error").is_visible()
    phone_checks(page)
    page.fill("#id_contact_email", "kaija@example.fi")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{public}/liity/kiitos/")
    phone_checks(page)

    desk = new_page(viewport=DESKTOP)
    operator_sign_in(desk, server_port, operator)
    desk.goto(f"{public}/operaattori/")
    desk.click(f"text={name}")
    desk.wait_for_url(re.compile(r".*/operaattori/pyynnot/\d+/"))
    assert "Odottaa hyväksyntää" in desk.inner_text("#progress")
    phone_checks(desk)
    desk.click("text=Hyväksy ja luo kunta")
    desk.wait_for_url(re.compile(r".*/operaattori/pyynnot/\d+/"))
    assert "Valmis" in desk.inner_text("#progress")
    assert invitation_path(server_mail_dir, admin_email).startswith("/accounts/invitation/")
