"""On a phone, a coach sets a goal for a trainee and reviews it, then plans a job-search
workshop and records the whole group's attendance in one submit."""

from __future__ import annotations

import pytest
from django.db import connection

from .conftest import (
    build_group,
    nav_click,
    phone_checks,
    sign_in,
)

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    with django_db_blocker.unblock():
        return build_group(web_tenant, size=3, label="goals")


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _read(tenant, django_db_blocker, read):
    with django_db_blocker.unblock():
        connection.set_tenant(tenant)
        try:
            return read()
        finally:
            connection.set_schema_to_public()


def test_a_coach_sets_and_reviews_a_goal_and_records_a_workshop(
    new_page, base, group, web_tenant, django_db_blocker
):
    from django.utils import timezone

    from coaching.models import ActivityParticipant, Goal

    page = new_page()
    sign_in(page, base, group.coach_email)
    period_id = group.period_ids[0]

    # The trainee's page leads to the period's goals.
    page.goto(f"{base}/valmentautujat/")
    page.click(f"a.trainee-card__name >> text={group.trainee_names[0]}")
    page.wait_for_url("**/valmentautujat/*/")
    page.click("a >> text=Tavoitteet ja arvioinnit")
    page.wait_for_url(f"{base}/jaksot/{period_id}/tavoitteet/")
    assert "Tavoitteita ei ole vielä asetettu." in page.content()
    phone_checks(page)

    # A new goal with its first review due in two weeks.
    due = timezone.localdate() + timezone.timedelta(days=14)
    page.fill("textarea[name=text]", "Trukkikortin suorittaminen")
    page.fill("input[name=review_due_on]", due.isoformat())
    with page.expect_navigation():
        page.click("button >> text=Tallenna tavoite")
    assert page.locator(".hds-notification--success").is_visible()
    assert page.locator(".goal__text", has_text="Trukkikortin suorittaminen").count() == 1
    phone_checks(page)

    # The review: a note and a new status; the history shows it on the goals page.
    page.click("a >> text=Kirjaa arviointi")
    page.wait_for_url("**/tavoitteet/*/arvio/")
    phone_checks(page)
    page.select_option("select[name=status]", "partly_achieved")
    page.fill("textarea[name=note]", "Teoriakoe läpäisty, ajokoe edessä.")
    with page.expect_navigation():
        page.click("button >> text=Tallenna arviointi")
    assert "Teoriakoe läpäisty, ajokoe edessä." in page.content()
    assert page.locator(".goal .hds-status-label", has_text="Osittain saavutettu").count() == 1
    goal = _read(web_tenant, django_db_blocker, lambda: Goal.objects.get(period_id=period_id))
    assert (goal.status, goal.review_due_on) == ("partly_achieved", None)

    # A job-search workshop that began this morning, for the group.
    nav_click(page, "Ryhmätoiminnot")
    page.wait_for_url(f"{base}/ryhmatoiminnot/")
    phone_checks(page)
    page.click("a >> text=Uusi toiminta")
    page.wait_for_url(f"{base}/ryhmatoiminnot/uusi/")
    phone_checks(page)
    page.select_option("select[name=activity_type]", label="Ohjattu työnhaku")
    page.fill("input[name=title]", "Työnhakupaja: CV kuntoon")
    page.fill("input[name=date]", timezone.localdate().isoformat())
    page.fill("input[name=starts_at]", "00:05")
    page.fill("input[name=place]", "Kirjaston ryhmätila")
    with page.expect_navigation():
        page.click("button >> text=Tallenna toiminta")
    assert page.locator("h1").inner_text() == "Työnhakupaja: CV kuntoon"

    # The group is prefilled present; one is marked absent with a note, one submit saves all.
    rows = page.locator("fieldset.trainee-day")
    assert rows.count() == 3
    assert page.locator("fieldset.trainee-day input[value=attended]:checked").count() == 3
    phone_checks(page)
    absent = rows.nth(1)
    absent_id = absent.get_attribute("id")
    page.click(f"#{absent_id} label:text-is('Poissa, syy ilmoitettu')")
    page.fill(f"#{absent_id} input[name$=note]", "Työhaastattelu")
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    with page.expect_navigation():
        page.click("button:text-matches('Tallenna \\\\(3')")
    assert len(posts) == 1
    assert page.locator(".hds-notification--success").is_visible()
    assert page.locator("fieldset.trainee-day--recorded").count() == 3
    phone_checks(page)

    rows = _read(
        web_tenant,
        django_db_blocker,
        lambda: sorted(
            ActivityParticipant.objects.filter(
                activity__title="Työnhakupaja: CV kuntoon"
            ).values_list("attendance", "note")
        ),
    )
    assert rows == [
        ("absent_excused", "Työhaastattelu"),
        ("attended", ""),
        ("attended", ""),
    ]
