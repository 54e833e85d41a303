"""A coach accepts a referral on a phone, then moves the new period to the next phase."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from .conftest import _user, assert_accessible, horizontal_overflow, sign_in, small_tap_targets

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def referral(web_tenant, django_db_blocker):
    """A referral with a restricted section, committed before the test (the server reads it)."""
    from django.utils import timezone

    from coaching import services
    from coaching.models import ParticipationStatus, ServiceForm, Trainee

    with django_db_blocker.unblock():
        connection.set_tenant(web_tenant)
        try:
            admin = _user("admin-referral@test-web.example.fi", "tenant_admin")
            coach = _user("coach-referral@test-web.example.fi", "work_coach")
            from coaching.models import PartnerContact

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
            start = timezone.localdate() + timedelta(days=7)
            made = services.referral_create(
                actor=admin,
                trainee=Trainee.objects.create(
                    first_name="Ville", last_name=f"Lähete-{timezone.now():%H%M%S%f}"
                ),
                case_manager=case_manager,
                legal_basis="employment_plan",
                legal_basis_date=timezone.localdate(),
                requested_status=ParticipationStatus.objects.get(code="work_trial"),
                service_form=ServiceForm.objects.first(),
                days_per_week=4,
                hours_per_day=Decimal(6),
                planned_start_on=start,
                planned_end_on=start + timedelta(days=120),
                goals="Arjen rytmi",
                safety_restrictions="Ei nostoja",
            )
            return {"coach": coach.email, "trainee": str(made.trainee), "pk": made.pk}
        finally:
            connection.set_schema_to_public()


def _phone_checks(page) -> None:
    assert horizontal_overflow(page) <= 0
    assert small_tap_targets(page) == []
    assert_accessible(page)


@pytest.mark.xfail(
    reason="H10 unfinished: the accept POST does not reach /jaksot/<id>/toiminnot/ in the browser",
    strict=False,
)
def test_accept_then_next_phase(new_page, web_tenant, server_port, referral):
    base = f"http://{web_tenant.host}:{server_port}"
    page = new_page()
    sign_in(page, base, referral["coach"])
    page.goto(f"{base}/lahetteet/")
    _phone_checks(page)
    page.click(f"text={referral['trainee']}")
    page.wait_for_url(f"**/lahetteet/{referral['pk']}/")
    assert "Ei nostoja" in page.content()  # the coach may read the restricted section
    _phone_checks(page)
    page.click("form[action$='/hyvaksy/'] button[type=submit]")
    page.wait_for_url("**/jaksot/*/toiminnot/")
    _phone_checks(page)
    page.select_option("#id_to_phase", "intake_assessment")
    page.click("form[action$='/vaihe/'] button[type=submit]")
    page.wait_for_url("**/jaksot/*/toiminnot/")
    assert page.locator(".messages").count() == 1
    _phone_checks(page)
    page.goto(f"{base}/lahetteet/")
    assert referral["trainee"] not in page.content()
