"""On phones: the coach gives a trainee a sign-in, the trainee accepts it, sees their days,
writes a diary entry and shares it; the coach answers and the trainee reads the answer.
And a trainee without e-mail signs in with a one-time link the coach made.

Every trainee screen passes ``phone_checks`` (axe-core, no sideways scrolling, 44 px).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from .conftest import build_group, nav_click, phone_checks, sign_in
from .test_onboarding_journey import invitation_path

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.django_db]

TRAINEE_PASSWORD = "Lehtipuhallin-2026!"


@pytest.fixture(scope="module")
def base(web_tenant, server_port):
    return f"http://{web_tenant.host}:{server_port}"


def _in_tenant(tenant, django_db_blocker, work):
    with django_db_blocker.unblock():
        connection.set_tenant(tenant)
        try:
            return work()
        finally:
            connection.set_schema_to_public()


@pytest.fixture(scope="module")
def group(web_tenant, django_db_blocker):
    """A coach's trainee with yesterday's and today's days logged and one goal (committed)."""
    with django_db_blocker.unblock():
        group = build_group(web_tenant, size=2, label="oma")

    def fill():
        from django.utils import timezone

        from accounts.models import User
        from coaching import services
        from coaching.models import CoachingPeriod, DifficultyLevel, WorkTask

        coach = User.objects.get(email=group.coach_email)
        task = WorkTask.objects.filter(retired_at__isnull=True).order_by("pk").first()
        level = DifficultyLevel.objects.order_by("level").first()
        today = timezone.localdate()
        for period_id in group.period_ids:
            period = CoachingPeriod.objects.get(pk=period_id)
            services.daily_log_record(
                actor=coach,
                date=today,
                coach=coach,
                entries=[
                    services.DailyEntryInput(
                        trainee_id=period.trainee_id,
                        attendance="present",
                        hours=Decimal("5.5"),
                        tasks=[services.TaskDone(task_id=task.pk, level_id=level.pk)],
                    )
                ],
            )
        period = CoachingPeriod.objects.get(pk=group.period_ids[0])
        services.goal_create(actor=coach, period=period, text="Oma työrytmi löytyy")
        group.task_name = task.name
        group.trainee_ids = list(
            CoachingPeriod.objects.filter(pk__in=group.period_ids)
            .order_by("pk")
            .values_list("trainee_id", flat=True)
        )
        return group

    return _in_tenant(web_tenant, django_db_blocker, fill)


def test_the_coach_invites_the_trainee_who_writes_a_diary_the_coach_answers(
    new_page, base, group, web_tenant, django_db_blocker, server_mail_dir
):
    from coaching.models import DiaryEntry

    trainee_id = group.trainee_ids[0]
    email = f"aino-{trainee_id}@test-web.example.fi"

    # 1. The coach gives the trainee a sign-in from the trainee's page.
    coach = new_page()
    sign_in(coach, base, group.coach_email)
    coach.goto(f"{base}/valmentautujat/{trainee_id}/")
    coach.click("a.account-link")
    coach.wait_for_url(f"{base}/valmentautujat/{trainee_id}/kirjautuminen/")
    phone_checks(coach)
    coach.fill("input[name=email]", email)
    with coach.expect_navigation():
        coach.click("button >> text=Lähetä kutsu")
    assert coach.locator(".hds-notification--success").is_visible()
    assert "Kutsuttu, ei vielä salasanaa" in coach.content()
    phone_checks(coach)

    # 2. The trainee accepts the e-mailed invitation and signs in on a phone.
    trainee = new_page()
    trainee.goto(f"{base}{invitation_path(server_mail_dir, email)}")
    phone_checks(trainee)
    trainee.fill("input[name=password1]", TRAINEE_PASSWORD)
    trainee.fill("input[name=password2]", TRAINEE_PASSWORD)
    trainee.click("main button[type=submit]")
    trainee.wait_for_url(f"{base}/accounts/login/")
    trainee.fill("input[name=login]", email)
    trainee.fill("input[name=password]", TRAINEE_PASSWORD)
    trainee.click("main button[type=submit]")
    trainee.wait_for_url(f"{base}/oma/")
    assert trainee.locator("h1", has_text="Hei").is_visible()
    phone_checks(trainee)

    # 3. My days: today's hours and task.
    nav_click(trainee, "Päiväni")
    trainee.wait_for_url(f"{base}/oma/paivat/")
    assert group.task_name in trainee.content()
    assert "5,5 h" in trainee.content() or "5.5 h" in trainee.content()
    phone_checks(trainee)

    # 4. My diary: an empty entry is refused at its field, then written and shared.
    nav_click(trainee, "Päiväkirjani")
    trainee.wait_for_url(f"{base}/oma/paivakirja/")
    phone_checks(trainee)
    trainee.click("a >> text=Kirjoita päiväkirjaan")
    trainee.wait_for_url(f"{base}/oma/paivakirja/uusi/")
    phone_checks(trainee)
    with trainee.expect_navigation():
        trainee.click("button >> text=Tallenna")
    assert trainee.locator(".error-summary").is_visible()
    phone_checks(trainee)
    trainee.fill("textarea[name=did]", "Haravoin koulun pihaa.")
    trainee.fill("textarea[name=learned]", "Lehtipuhaltimen käytön.")
    trainee.click("label >> text=Minä ja valmentajani")
    with trainee.expect_navigation():
        trainee.click("button >> text=Tallenna")
    trainee.wait_for_url(f"{base}/oma/paivakirja/")
    assert trainee.locator(".hds-notification--success").is_visible()
    assert "Minä ja valmentajani voimme lukea tämän." in trainee.content()
    phone_checks(trainee)
    entry = _in_tenant(
        web_tenant,
        django_db_blocker,
        lambda: DiaryEntry.objects.get(period_id=group.period_ids[0]),
    )
    assert entry.is_shared

    # 5. The coach opens the shared entry from the trainee's page and answers.
    coach.goto(f"{base}/valmentautujat/{trainee_id}/")
    coach.click("a.diary-link")
    coach.wait_for_url(f"{base}/valmentautujat/{trainee_id}/paivakirja/**")
    assert "Haravoin koulun pihaa." in coach.content()
    phone_checks(coach)
    coach.fill(f"textarea[name=entry{entry.pk}-comment]", "Hienoa, puhallin sujuu jo!")
    with coach.expect_navigation():
        coach.click("button >> text=Vastaa")
    assert coach.locator(".hds-notification--success").is_visible()
    phone_checks(coach)

    # 6. The trainee reads the answer, then their goals.
    trainee.reload()
    assert "Hienoa, puhallin sujuu jo!" in trainee.content()
    phone_checks(trainee)
    nav_click(trainee, "Tavoitteeni")
    trainee.wait_for_url(f"{base}/oma/tavoitteet/")
    assert "Oma työrytmi löytyy" in trainee.content()
    phone_checks(trainee)


def test_a_trainee_without_e_mail_signs_in_with_a_one_time_link(
    new_page, base, group, web_tenant, django_db_blocker
):
    trainee_id = group.trainee_ids[1]
    coach = new_page()
    sign_in(coach, base, group.coach_email)
    coach.goto(f"{base}/valmentautujat/{trainee_id}/kirjautuminen/")
    with coach.expect_navigation():
        coach.click("button >> text=Tee kertakäyttöinen kirjautumislinkki")
    link = coach.locator(".sign-in-link__url a").get_attribute("href")
    assert "/accounts/link/" in link
    phone_checks(coach)

    phone = new_page()
    phone.goto(link)
    phone_checks(phone)
    with phone.expect_navigation():
        phone.click("main button[type=submit]")
    phone.wait_for_url(f"{base}/oma/")
    phone_checks(phone)

    # The link is spent: opening it again on another phone signs nobody in.
    again = new_page()
    again.goto(link)
    with again.expect_navigation():
        again.click("main button[type=submit]")
    assert "on jo käytetty" in again.content()
    phone_checks(again)

    # The coach disables the sign-in; the trainee's session ends.
    coach.goto(f"{base}/valmentautujat/{trainee_id}/kirjautuminen/")
    with coach.expect_navigation():
        coach.click("button >> text=Poista kirjautuminen käytöstä")
    assert coach.locator(".hds-notification--success").is_visible()
    phone.goto(f"{base}/oma/")
    assert "/accounts/login/" in phone.url
