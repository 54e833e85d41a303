"""A coach enters an occasion's capacity assessment on a phone and sees the trajectory."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from .conftest import (
    build_group,
    nav_click,
    phone_checks,
    sign_in,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


def _version(code: str):
    from competence.capacity.models import Instrument, InstrumentVersion

    return (
        InstrumentVersion.objects.filter(
            instrument__source=Instrument.Source.PLATFORM, instrument__code=code
        )
        .order_by("-number")
        .first()
    )


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    """Three trainees; the first has the coach's and their own baseline already."""
    from django.utils import timezone

    from accounts.models import User
    from coaching.models import CoachingPeriod
    from competence.capacity.services import capacity_assessment_submit

    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=3, label="capacity")
        connection.set_tenant(web_tenant)
        try:
            coach = User.objects.get(email=group.coach_email)
            period = CoachingPeriod.objects.get(pk=group.period_ids[0])
            day = timezone.localdate() - timedelta(days=25)
            for code, rater_type, value in (
                ("valmo-coach-observation", "coach", 2),
                ("valmo-self-assessment", "self", 4),
            ):
                version = _version(code)
                capacity_assessment_submit(
                    actor=coach,
                    period=period,
                    version=version,
                    occasion="baseline",
                    rater_type=rater_type,
                    assessed_on=day,
                    answers=dict.fromkeys(version.items.values_list("code", flat=True), value),
                )
        finally:
            connection.set_schema_to_public()
        return group


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def test_a_coach_enters_the_interim_assessment_and_sees_the_trajectory(
    new_page, base, group, web_tenant
):
    from competence.capacity.models import Assessment

    page = new_page()
    sign_in(page, base, group.coach_email)
    nav_click(page, "Työ- ja toimintakyky")
    page.wait_for_url("**/toimintakyky/")
    assert page.locator(".capacity-group > li").count() == 3
    phone_checks(page)

    name = group.trainee_names[0]
    page.click(f".capacity-group a >> text={name}")
    page.wait_for_url("**/jaksot/*/toimintakyky/")
    assert page.locator("svg.capacity-chart").count() == 6
    phone_checks(page)

    page.click(".capacity-entries a >> text=Väliarviointi – Valmentaja")
    page.wait_for_url("**/toimintakyky/*/interim/coach/")
    phone_checks(page)
    items = page.locator("fieldset.capacity-item")
    count = items.count()
    assert count == 18
    # One tap per item: the first not observed, the second left unanswered, the rest a 4.
    items.nth(0).locator("label >> text=Ei havaittu").click()
    for index in range(2, count):
        items.nth(index).locator("label.scale-choices__value").nth(3).click()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[type=submit] >> text=Tallenna arvio")
    assert posted.value.status == 302, page.locator("main").inner_text()[:2000]
    page.wait_for_url("**/jaksot/*/toimintakyky/")
    assert "Arvio on tallennettu." in page.locator("main").inner_text()

    # The first dimension: one item observed at the interim (4), paired with the baseline 2.
    first = page.locator("section.capacity-dimension").first
    rows = first.locator("tbody tr")
    assert rows.count() == 2
    interim = " ".join(rows.nth(1).inner_text().split())
    assert "4,00 (1/3)" in interim or "4.00 (1/3)" in interim
    assert "+2,00 (1/3)" in interim or "+2.00 (1/3)" in interim
    assert first.locator("polyline").count() == 1  # the coach's line; self has one point
    phone_checks(page)

    connection.set_tenant(web_tenant)
    try:
        assessment = Assessment.objects.get(
            period_id=group.period_ids[0], occasion="interim", rater_type="coach"
        )
        assert assessment.answers.count() == count - 1
        assert assessment.answers.filter(not_observed=True).count() == 1
    finally:
        connection.set_schema_to_public()


def test_a_bad_value_comes_back_at_the_item(new_page, base, group, web_tenant):
    page = new_page()
    sign_in(page, base, group.coach_email)
    page.goto(f"{base}/jaksot/{group.period_ids[1]}/toimintakyky/")
    page.click(".capacity-entries a >> text=Alkuarviointi – Valmentaja")
    page.wait_for_url("**/baseline/coach/")
    page.fill("input[name=assessed_on]", "2099-01-01")
    page.locator("fieldset.capacity-item").first.locator("label.scale-choices__value").nth(
        2
    ).click()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("button[type=submit] >> text=Tallenna arvio")
    assert posted.value.status == 400
    assert page.locator("#id_assessed_on-error").is_visible()
    # The choice made is still there.
    assert (
        page.locator("fieldset.capacity-item").first.locator("input:checked").get_attribute("value")
        == "3"
    )
    phone_checks(page)
