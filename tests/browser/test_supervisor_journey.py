"""A unit supervisor on the work floor, on a phone: signs in to their placed trainees and their
attendance, gives this week's feedback (first with a rating missing), enters their capacity
rating and orders work for their unit; then the coach reads the feedback on the trainee's page.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from .conftest import PASSWORD, build_group, nav_click, phone_checks, sign_in, user_ensure

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

SUPERVISOR = "esihenkilo-journey@test-web.example.fi"
COMMENT = "Täsmällinen, kysyy rohkeasti neuvoa."


@pytest.fixture(scope="module")
def placed(web_tenant, django_db_blocker):
    """Two of a coach's trainees: the first placed with the supervisor (continued coaching),
    with a present day this week and an absence last week; the second not placed."""
    from django.utils import timezone

    from accounts.models import User
    from coaching import services
    from coaching.dates import week_start
    from coaching.models import CoachingPeriod, DailyEntry, WorkUnit

    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=2, label="supervisor")
        user_ensure(web_tenant, SUPERVISOR, "unit_supervisor")
        connection.set_tenant(web_tenant)
        try:
            supervisor = User.objects.get(email=SUPERVISOR)
            admin = User.objects.get(email="admin-supervisor@test-web.example.fi")
            coach = User.objects.get(email=group.coach_email)
            unit, _ = WorkUnit.objects.get_or_create(
                name="Puistopalvelut (selaintesti)",
                defaults={"supervisor": supervisor, "contact_name": "Esa Esihenkilö"},
            )
            period = CoachingPeriod.objects.get(pk=group.period_ids[0])
            services.coaching_period_placement_set(actor=admin, period=period, work_unit=unit)
            services.coaching_period_transition(
                period=period, to_phase="continued_coaching", actor=admin, reason="selaintesti"
            )
            today = timezone.localdate()
            for day, attendance in (
                (today, "present"),
                (week_start(today) - timedelta(days=5), "absent_sick"),
            ):
                DailyEntry.objects.create(
                    period=period,
                    date=day,
                    attendance=attendance,
                    hours=6 if attendance == "present" else 0,
                    learning_notes="Valmentajan oma muistiinpano",
                    recorded_by=coach,
                )
        finally:
            connection.set_schema_to_public()
        return group


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _in_tenant(tenant, read):
    connection.set_tenant(tenant)
    try:
        return read()
    finally:
        connection.set_schema_to_public()


def test_the_supervisor_on_a_phone_and_the_coach_reads_the_feedback(
    new_page, base, placed, web_tenant
):
    from coaching.models import PlacementFeedback, WorkOrder
    from competence.capacity.models import Assessment

    page = new_page()
    # Sign-in lands on the placed trainees.
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", SUPERVISOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/yksikko/")
    main = page.locator("main")
    name, unplaced = placed.trainee_names
    assert name in main.inner_text()
    assert unplaced not in main.inner_text()
    assert "Tämä viikko" in main.inner_text()
    assert "paikalla 1, poissa 0" in main.inner_text()
    assert "paikalla 0, poissa 1" in main.inner_text()
    assert "muistiinpano" not in page.content()
    phone_checks(page)

    # This week's feedback: a missing rating is shown at its field, then saved.
    page.click("text=Anna tämän viikon palaute")
    page.wait_for_url(f"**/yksikko/{placed.period_ids[0]}/#feedback")
    phone_checks(page)
    page.click("label:has-text('4 – Erinomainen') >> nth=0")  # attendance and punctuality
    page.click("button:has-text('Tallenna palaute')")
    page.wait_for_load_state()
    assert "Tarkista lomake" in page.inner_text("main")
    assert "Valitse arvio 1–4." in page.inner_text("main")
    phone_checks(page)
    for index, label in ((0, "4 – Erinomainen"), (1, "3 – Hyvä"), (2, "3 – Hyvä")):
        page.locator("fieldset.sup-rating").nth(index).locator(f"label:has-text('{label}')").click()
    page.locator("fieldset.sup-rating").nth(3).locator("label:has-text('2 – ')").click()
    page.fill("textarea[name=comment]", COMMENT)
    page.click("button:has-text('Tallenna palaute')")
    page.wait_for_url(f"{base}/yksikko/")
    assert "Palaute annettu tällä viikolla" in page.inner_text("main")
    period_id = placed.period_ids[0]
    feedback = _in_tenant(web_tenant, lambda: PlacementFeedback.objects.get(period_id=period_id))
    assert (feedback.attendance, feedback.work_quality, feedback.safety) == (4, 3, 3)
    assert (feedback.cooperation, feedback.comment) == (2, COMMENT)

    # The supervisor's capacity rating at the interim occasion.
    page.click(f"a[href='/yksikko/{placed.period_ids[0]}/']")
    page.click("a[href*='/arvio/'][href$='/interim/']")
    page.wait_for_url("**/interim/")
    phone_checks(page)
    for item in page.locator("fieldset.capacity-item").all():
        item.locator("label.scale-choices__value").nth(2).click()
    page.click("button:has-text('Tallenna arvio')")
    page.wait_for_url(f"{base}/yksikko/{placed.period_ids[0]}/")
    assert "kirjattu, ei vahvistettu" in page.inner_text("main")
    rating = _in_tenant(
        web_tenant,
        lambda: set(
            Assessment.objects.filter(period_id=period_id, rater_type="supervisor").values_list(
                "occasion", "answers__value"
            )
        ),
    )
    assert rating == {("interim", 3)}

    # The unit's work order, from the navigation.
    nav_click(page, "Yksikön työtilaukset")
    page.wait_for_url(f"{base}/yksikko/tyotilaukset/")
    phone_checks(page)
    page.click("text=Tilaa työtä")
    page.wait_for_url("**/yksikko/tyotilaukset/uusi/")
    phone_checks(page)
    page.fill("textarea[name=description]", "Lehtien haravointi puistossa")
    page.click("button:has-text('Lähetä tilaus')")  # no start date yet
    assert "Tarkista lomake" in page.inner_text("main")
    phone_checks(page)
    start = _in_tenant(web_tenant, _in_a_week)
    page.fill("input[name=requested_start_on]", start)
    page.click("button:has-text('Lähetä tilaus')")
    page.wait_for_url("**/yksikko/tyotilaukset/*/")
    assert "Vastaanotettu" in page.inner_text("main")
    phone_checks(page)
    unit = _in_tenant(
        web_tenant,
        lambda: (
            WorkOrder.objects.filter(description="Lehtien haravointi puistossa")
            .values_list("ordering_unit__name", "status", "created_by__email")
            .latest("pk")
        ),
    )
    assert unit == ("Puistopalvelut (selaintesti)", "received", SUPERVISOR)

    # The coach reads the feedback on the trainee's page.
    coach_page = new_page()
    sign_in(coach_page, base, placed.coach_email)
    trainee_id = _in_tenant(web_tenant, lambda: feedback.period.trainee_id)
    coach_page.goto(f"{base}/valmentautujat/{trainee_id}/")
    section = coach_page.locator("section[aria-labelledby=placement-feedback]")
    assert "Työpaikan palaute" in section.inner_text()
    assert COMMENT in section.inner_text()
    assert "Erinomainen" in section.inner_text()
    phone_checks(coach_page)


def _in_a_week() -> str:
    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=7)).isoformat()
