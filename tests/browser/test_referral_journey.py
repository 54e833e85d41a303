"""From a referral to an ended period on a phone: accept, a status after seeing its legal
frame, the placement, every phase to the end with an outcome, and a follow-up contact.

The accept click once timed out: the date inputs (``type=date``) were given localised values
("9.12.2026"), which a browser's date picker shows and submits as empty, so the accept came
back as a 400 instead of going on to the period. The inputs now carry ISO dates.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from .conftest import (
    _user,
    phone_checks,
    sign_in,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def referral(web_tenant, django_db_blocker):
    """A referral and a work unit with a supervisor, committed (the server reads them)."""
    from django.utils import timezone

    from coaching import services
    from coaching.models import (
        ParticipationStatus,
        PartnerContact,
        ServiceForm,
        Trainee,
        WorkUnit,
    )

    with django_db_blocker.unblock():
        connection.set_tenant(web_tenant)
        try:
            admin = _user("admin-referral@test-web.example.fi", "tenant_admin")
            coach = _user("coach-referral@test-web.example.fi", "work_coach")
            supervisor = _user("supervisor-referral@test-web.example.fi", "unit_supervisor")
            unit, _ = WorkUnit.objects.get_or_create(
                name="Puistotyöt (selain)", defaults={"supervisor": supervisor}
            )
            case_manager = PartnerContact.objects.filter(name="Anna Asiantuntija").first()
            if case_manager is None:  # the web tenant outlives a run
                organisation = services.partner_organisation_create(
                    actor=admin, name="Työllisyysalue Web", kind="employment_area"
                )
                case_manager = services.partner_contact_create(
                    actor=admin,
                    organisation=organisation,
                    name="Anna Asiantuntija",
                    is_case_manager=True,
                )
            start = timezone.localdate()
            made = services.referral_create(
                actor=admin,
                trainee=Trainee.objects.create(
                    first_name="Ville", last_name=f"Lähete-{timezone.now():%H%M%S%f}"
                ),
                case_manager=case_manager,
                legal_basis="employment_plan",
                legal_basis_date=start,
                requested_status=ParticipationStatus.objects.get(code="work_trial"),
                service_form=ServiceForm.objects.first(),
                days_per_week=4,
                hours_per_day=Decimal(6),
                planned_start_on=start,
                planned_end_on=start + timedelta(days=120),
                goals="Arjen rytmi",
                safety_restrictions="Ei nostoja",
            )
            return {
                "coach": coach.email,
                "trainee": str(made.trainee),
                "pk": made.pk,
                "unit": unit.pk,
                "until": (start + timedelta(days=90)).isoformat(),
            }
        finally:
            connection.set_schema_to_public()


def _phase(page, to_phase: str, *, reason: str = "", outcome: str = "") -> None:
    form = "form[action$='/vaihe/']"
    page.select_option(f"{form} select[name=to_phase]", to_phase)
    if reason:
        page.fill(f"{form} textarea[name=reason]", reason)
    if outcome:
        page.select_option(f"{form} select[name=outcome]", outcome)
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()


def test_from_a_referral_to_a_follow_up(new_page, web_tenant, server_port, referral):
    base = f"http://{web_tenant.host}:{server_port}"
    page = new_page()
    posts: list[str] = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    sign_in(page, base, referral["coach"])
    page.goto(f"{base}/lahetteet/")
    page.click(f"text={referral['trainee']}")
    page.wait_for_url(f"**/lahetteet/{referral['pk']}/")
    assert "Ei nostoja" in page.content()  # the coach may read the restricted section
    phone_checks(page)

    # Accept: the prefilled dates must reach the server as dates.
    assert page.input_value("#id_start_on") != ""
    page.click("form[action$='/hyvaksy/'] button[type=submit]")
    page.wait_for_url("**/jaksot/*/toiminnot/")
    period_url = page.url
    phone_checks(page)

    # A status: the frame follows the choice (htmx), and only then can it be saved.
    assert page.locator("#status-frame button[name=confirm]").count() == 0
    page.fill("#id_status-valid_until", referral["until"])
    page.locator("#status-frame button[name=confirm]").wait_for()
    frame = page.locator("#status-frame").inner_text()
    assert "Työkokeilu" in frame
    assert "1–5" in frame  # days a week
    phone_checks(page)
    with page.expect_navigation():
        page.click("#status-frame button[name=confirm]")
    assert page.locator(".status-history li").count() == 1

    # The placement, with the unit's own supervisor.
    page.select_option("#id_placement-work_unit", str(referral["unit"]))
    with page.expect_navigation():
        page.click("form[action$='/sijoitus/'] button[type=submit]")
    assert "Puistotyöt (selain)" in page.locator(".period-placement").inner_text()

    # Through the phases, an interruption and its reopening included, to the end.
    for step in ("intake_assessment", "pre_coaching", "coaching"):
        _phase(page, step)
    _phase(page, "interrupted", reason="Sairausloma")
    assert "Jakso on keskeytynyt" in page.content()
    _phase(page, "coaching", reason="Palasi sairauslomalta")
    _phase(page, "continued_coaching")
    _phase(page, "ended", outcome="education")
    assert page.locator(".period-phase").inner_text() == "Päättynyt"
    phone_checks(page)

    # A follow-up contact after the end.
    page.select_option("#id_followup-kind", "phone")
    page.fill("#id_followup-note", "Opiskelee")
    with page.expect_navigation():
        page.click("form[action$='/jalkiseuranta/'] button[type=submit]")
    assert "Opiskelee" in page.locator(".follow-up-list").inner_text()
    assert page.url == period_url
    phone_checks(page)

    # Every change was one POST (the sign-in is the first).
    assert len(posts) == 1 + 1 + 1 + 1 + 7 + 1
    page.goto(f"{base}/lahetteet/")
    assert referral["trainee"] not in page.content()
