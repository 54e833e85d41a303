"""Trainees' own pages (/oma/) and the coach's side: the trainee's sign-in and diary answers."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, SignInLink, User
from accounts.services import invitation_accept, sign_in_token_hash
from coaching import services
from coaching.models import DiaryEntry
from privacy.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "Haravointi-2026!"


def _client(client_for, tenant, user=None):
    client = client_for(tenant, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def own(staff, make_period, make_user, tenant_a):
    """A trainee in coaching with their own sign-in (a trainee user linked to the record)."""
    today = timezone.localdate()
    period = make_period(
        "coaching", start=today - timedelta(days=20), planned_end=today + timedelta(days=150)
    )
    user = make_user(tenant_a, role="trainee", first_name="Aino")
    period.trainee.user = user
    period.trainee.save()
    return period, user


@pytest.fixture
def other(staff, make_period, make_user, tenant_a):
    """Another trainee of the same coach, with an account of their own."""
    today = timezone.localdate()
    period = make_period(
        "coaching", start=today - timedelta(days=20), planned_end=today + timedelta(days=150)
    )
    user = make_user(tenant_a, role="trainee")
    period.trainee.user = user
    period.trainee.save()
    return period, user


def _log_day(staff, period, day, *, hours="6", present=True):
    from coaching.models import DifficultyLevel, WorkTask

    task = WorkTask.objects.filter(retired_at__isnull=True).order_by("pk").first()
    level = DifficultyLevel.objects.order_by("level").first()
    tasks = [services.TaskDone(task_id=task.pk, level_id=level.pk)] if present else []
    services.daily_log_record(
        actor=staff.coach,
        date=day,
        coach=staff.coach,
        entries=[
            services.DailyEntryInput(
                trainee_id=period.trainee_id,
                attendance="present" if present else "absent_sick",
                hours=Decimal(hours) if present else Decimal(0),
                tasks=tasks,
            )
        ],
    )
    return task


# --- The coach gives the trainee a sign-in -------------------------------------------------


def _invitation_link(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(r"/accounts/invitation/([^/\s]+)/", message.body).group(1)


def test_the_coach_invites_the_trainee_who_sets_a_password_and_lands_on_own_pages(
    tenant_a, staff, make_period, client_for, django_capture_on_commit_callbacks
):
    period = make_period("coaching")
    trainee = period.trainee
    coach = _client(client_for, tenant_a, staff.coach)
    page = coach.get(f"/valmentautujat/{trainee.pk}/").content.decode()
    assert f"/valmentautujat/{trainee.pk}/kirjautuminen/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coach.post(
            f"/valmentautujat/{trainee.pk}/kirjautuminen/kutsu/", {"email": "aino@example.fi"}
        )
    assert response.status_code == 302
    trainee.refresh_from_db()
    user = trainee.user
    assert user.role == User.Role.TRAINEE
    assert user.email == "aino@example.fi"
    assert not user.has_usable_password()
    assert trainee.email == "aino@example.fi"
    token = _invitation_link("aino@example.fi")
    # In plain words, in the municipality's language: the coach made the sign-in, and the
    # coach (not an administrator) gives a new link.
    body = [m for m in mail.outbox if "aino@example.fi" in m.to][-1].body
    assert "Valmentajasi on tehnyt sinulle tunnukset" in body
    assert "pyydä valmentajalta uusi" in body
    # The change is audited on the trainee, with the coach as the actor.
    assert AuditEvent.objects.filter(
        action="change",
        trainee_id=trainee.pk,
        actor_id=staff.coach.pk,
        object_type="coaching.trainee",
    ).exists()
    state = coach.get(f"/valmentautujat/{trainee.pk}/kirjautuminen/").content.decode()
    assert "Invited, no password yet" in state

    invitation_accept(token=token, password1=PASSWORD, password2=PASSWORD)
    visitor = _client(client_for, tenant_a)
    response = visitor.post("/accounts/login/", {"login": "aino@example.fi", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/oma/"
    assert visitor.get("/").url == "/oma/"
    assert "In use" in coach.get(f"/valmentautujat/{trainee.pk}/kirjautuminen/").content.decode()
    # An account in use is not invited again.
    again = coach.post(
        f"/valmentautujat/{trainee.pk}/kirjautuminen/kutsu/", {"email": "aino@example.fi"}
    )
    assert again.status_code == 400
    assert "already has a password" in again.content.decode()


def test_invitation_refusals_are_400s_at_the_field_and_write_nothing(
    tenant_a, staff, make_period, client_for
):
    period = make_period("coaching")
    url = f"/valmentautujat/{period.trainee_id}/kirjautuminen/kutsu/"
    coach = _client(client_for, tenant_a, staff.coach)
    bad = coach.post(url, {"email": "not an address"})
    assert bad.status_code == 400
    assert "Enter a valid e-mail address." in bad.content.decode()
    taken = coach.post(url, {"email": staff.agent.email})
    assert taken.status_code == 400
    assert "already has an account here" in taken.content.decode()
    period.trainee.refresh_from_db()
    assert period.trainee.user is None
    assert not Invitation.objects.filter(user__role="trainee").exists()


def test_only_the_trainees_own_staff_manage_the_sign_in(tenant_a, staff, make_period, client_for):
    period = make_period("coaching")
    url = f"/valmentautujat/{period.trainee_id}/kirjautuminen/"
    assert _client(client_for, tenant_a, staff.coach2).get(url).status_code == 404
    assert _client(client_for, tenant_a, staff.supervisor).get(url).status_code == 403
    assert _client(client_for, tenant_a, staff.admin).get(url).status_code == 200
    response = _client(client_for, tenant_a, staff.coach2).post(f"{url}linkki/")
    assert response.status_code == 404
    assert not SignInLink.objects.exists()


def test_a_one_time_link_is_shown_once_works_once_and_stores_only_a_hash(
    tenant_a, staff, make_period, client_for
):
    period = make_period("coaching")
    trainee = period.trainee
    coach = _client(client_for, tenant_a, staff.coach)
    response = coach.post(f"/valmentautujat/{trainee.pk}/kirjautuminen/linkki/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    token = re.search(r"/accounts/link/([A-Za-z0-9_-]+)/", page).group(1)
    link = SignInLink.objects.get()
    assert link.token_hash == sign_in_token_hash(token)
    assert token not in link.token_hash
    trainee.refresh_from_db()
    assert trainee.user.email.endswith("@ei-sahkopostia.invalid")  # no e-mail on record
    # The link is not shown on the next load.
    assert token not in coach.get(f"/valmentautujat/{trainee.pk}/kirjautuminen/").content.decode()

    phone = _client(client_for, tenant_a)
    assert phone.get(f"/accounts/link/{token}/").status_code == 200  # a button, not spent
    response = phone.post(f"/accounts/link/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/oma/"
    assert phone.get("/oma/").status_code == 200
    link.refresh_from_db()
    assert link.used_at is not None
    again = _client(client_for, tenant_a).post(f"/accounts/link/{token}/")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert _client(client_for, tenant_a).post("/accounts/link/made-up/").status_code == 410


def test_an_expired_or_replaced_link_signs_nobody_in(tenant_a, staff, make_period):
    period = make_period("coaching")
    _first, first_token = services.trainee_sign_in_link_create(
        actor=staff.coach, trainee=period.trainee
    )
    _second, second_token = services.trainee_sign_in_link_create(
        actor=staff.coach, trainee=period.trainee
    )
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from accounts.services import sign_in_link_use

    translation.activate("en")
    with pytest.raises(ValidationError, match="not valid"):
        sign_in_link_use(token=first_token)
    SignInLink.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1),
        created_at=timezone.now() - timedelta(minutes=31),
    )
    with pytest.raises(ValidationError, match="expired"):
        sign_in_link_use(token=second_token)


def test_disabling_ends_the_sign_in_and_voids_open_links(tenant_a, staff, own, client_for):
    period, user = own
    _link, token = services.trainee_sign_in_link_create(actor=staff.coach, trainee=period.trainee)
    trainee_client = _client(client_for, tenant_a, user)
    assert trainee_client.get("/oma/").status_code == 200
    coach = _client(client_for, tenant_a, staff.coach)
    url = f"/valmentautujat/{period.trainee_id}/kirjautuminen/tila/"
    assert coach.post(url, {"is_active": "maybe"}).status_code == 400
    assert coach.post(url, {"is_active": "0"}).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert trainee_client.get("/oma/").status_code == 302  # signed out: to the sign-in page
    assert _client(client_for, tenant_a).post(f"/accounts/link/{token}/").status_code == 410
    assert coach.post(url, {"is_active": "1"}).status_code == 302
    user.refresh_from_db()
    assert user.is_active


# --- The trainee's own pages ---------------------------------------------------------------


def test_the_trainee_sees_a_short_navigation_of_own_pages(tenant_a, own, client_for):
    _period, user = own
    page = _client(client_for, tenant_a, user).get("/oma/").content.decode()
    nav = page.split('class="site-nav"')[1].split("</nav>")[0]
    for url in ("/oma/", "/oma/paivat/", "/oma/paivakirja/", "/oma/tavoitteet/"):
        assert f'href="{url}"' in nav
    assert 'href="/"' not in nav
    assert "/tehtavat/" not in nav
    assert "Hello, Aino!" in page


def test_staff_have_no_own_pages(tenant_a, staff, client_for):
    for user in (staff.coach, staff.admin, staff.supervisor):
        client = _client(client_for, tenant_a, user)
        assert client.get("/oma/paivat/").status_code == 403
        assert 'href="/oma/"' not in client.get("/").content.decode()


def test_my_days_show_my_recorded_days_and_hours_against_the_plan(
    tenant_a, staff, own, other, client_for
):
    period, user = own
    other_period, _ = other
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    task = _log_day(staff, period, monday, hours="5.5")
    _log_day(staff, other_period, monday, hours="7.5")
    client = _client(client_for, tenant_a, user)
    response = client.get("/oma/paivat/")
    page = response.content.decode()
    assert response.status_code == 200
    assert task.name in page
    assert "5.5 h" in page
    assert "The plan is 30 h." in page  # 5 days × 6 hours, the work-trial status
    assert "7.5 h" not in page
    events = AuditEvent.objects.filter(request_id=response["X-Request-ID"], action="read")
    assert set(events.values_list("trainee_id", flat=True)) == {period.trainee_id}
    # Another trainee's period is not reachable by its id.
    assert client.get(f"/oma/paivat/?period={other_period.pk}").status_code == 404
    assert client.get("/oma/paivat/?period=x").status_code == 404


def test_my_days_without_a_period_say_so(tenant_a, make_user, make_trainee, client_for):
    user = make_user(tenant_a, role="trainee")
    make_trainee(user=user)
    page = _client(client_for, tenant_a, user).get("/oma/paivat/").content.decode()
    assert "Your coaching has not started yet." in page


def test_the_diary_round_trip_write_share_answer_read(tenant_a, staff, own, client_for):
    period, user = own
    trainee_client = _client(client_for, tenant_a, user)
    today = timezone.localdate()
    response = trainee_client.post(
        "/oma/paivakirja/uusi/",
        {"date": today.isoformat(), "did": "Haravoin pihaa", "felt": "Hyvä", "share": "private"},
    )
    assert response.status_code == 302
    entry = DiaryEntry.objects.get(period=period)
    assert not entry.is_shared
    assert entry.author == user
    coach = _client(client_for, tenant_a, staff.coach)
    diary_url = f"/valmentautujat/{period.trainee_id}/paivakirja/"
    assert "Haravoin pihaa" not in coach.get(diary_url).content.decode()
    # A private entry cannot be answered.
    answer_url = f"/paivakirja/{entry.pk}/vastaa/"
    assert coach.post(answer_url, {f"entry{entry.pk}-comment": "Hyvä"}).status_code == 404

    response = trainee_client.post(
        f"/oma/paivakirja/{entry.pk}/", {"did": "Haravoin pihaa", "share": "shared"}
    )
    assert response.status_code == 302
    assert "Haravoin pihaa" in coach.get(diary_url).content.decode()
    empty = coach.post(answer_url, {f"entry{entry.pk}-comment": " "})
    assert empty.status_code == 400
    response = coach.post(answer_url, {f"entry{entry.pk}-comment": "Hienoa työtä!"})
    assert response.status_code == 302
    page = trainee_client.get("/oma/paivakirja/").content.decode()
    assert "Hienoa työtä!" in page
    assert "Me and my coach can read this." in page
    # An answered entry stays shared.
    response = trainee_client.post(
        f"/oma/paivakirja/{entry.pk}/", {"did": "Haravoin pihaa", "share": "private"}
    )
    assert response.status_code == 400
    assert "cannot be made private" in response.content.decode()


def test_diary_refusals_are_400s_and_write_nothing(tenant_a, own, client_for):
    _period, user = own
    client = _client(client_for, tenant_a, user)
    today = timezone.localdate()
    empty = client.post("/oma/paivakirja/uusi/", {"date": today.isoformat(), "share": "private"})
    assert empty.status_code == 400
    assert "Write what you did, what you learned or how it felt." in empty.content.decode()
    future = client.post(
        "/oma/paivakirja/uusi/",
        {"date": (today + timedelta(days=1)).isoformat(), "did": "x", "share": "private"},
    )
    assert future.status_code == 400
    bad_share = client.post(
        "/oma/paivakirja/uusi/", {"date": today.isoformat(), "did": "x", "share": "all"}
    )
    assert bad_share.status_code == 400
    assert not DiaryEntry.objects.exists()


def test_nobody_else_reads_or_writes_my_diary(tenant_a, staff, own, other, client_for):
    period, user = own
    other_period, other_user = other
    entry = services.diary_entry_create(
        actor=other_user, period=other_period, date=timezone.localdate(), did="Salaisuus"
    )
    client = _client(client_for, tenant_a, user)
    assert client.get(f"/oma/paivakirja/{entry.pk}/").status_code == 404
    edit = client.post(f"/oma/paivakirja/{entry.pk}/", {"did": "x", "share": "shared"})
    assert edit.status_code == 404
    assert "Salaisuus" not in client.get("/oma/paivakirja/").content.decode()
    assert client.get(f"/oma/paivakirja/?period={other_period.pk}").status_code == 404
    # Staff cannot write a trainee's diary.
    coach = _client(client_for, tenant_a, staff.coach)
    today = timezone.localdate().isoformat()
    assert coach.post("/oma/paivakirja/uusi/", {"date": today, "did": "x"}).status_code == 403
    assert DiaryEntry.objects.count() == 1
    # Another coach sees no diary of this trainee.
    assert (
        _client(client_for, tenant_a, staff.coach2)
        .get(f"/valmentautujat/{period.trainee_id}/paivakirja/")
        .status_code
        == 404
    )


def test_my_goals_show_goals_and_reviews_read_only(tenant_a, staff, own, client_for):
    period, user = own
    goal = services.goal_create(actor=staff.coach, period=period, text="Arjen rytmi")
    services.goal_review_record(
        actor=staff.coach,
        goal=goal,
        date=timezone.localdate(),
        note="Jaksaa neljä päivää",
        status="partly_achieved",
        next_review_on=None,
    )
    page = _client(client_for, tenant_a, user).get("/oma/tavoitteet/").content.decode()
    assert "Arjen rytmi" in page
    assert "Jaksaa neljä päivää" in page
    assert "/arvio/" not in page
    assert "<form" not in page.split("<main")[1]


def test_pages_are_finnish_and_swedish_too(tenant_a, own, client_for):
    _period, user = own
    client = client_for(tenant_a, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    assert "Päiväkirjani" in client.get("/oma/").content.decode()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    assert "Min dagbok" in client.get("/oma/").content.decode()


def test_inviting_again_before_a_password_corrects_the_address_and_replaces_the_link(
    tenant_a, staff, make_period
):
    period = make_period("coaching")
    first = services.trainee_account_invite(
        actor=staff.coach, trainee=period.trainee, email="vaara@example.fi"
    )
    second = services.trainee_account_invite(
        actor=staff.agent, trainee=period.trainee, email="Oikea@Example.fi"
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.user_id == first.user_id
    assert second.user.email == "oikea@example.fi"
    assert User.objects.filter(role="trainee", email="vaara@example.fi").count() == 0


def test_a_link_does_not_sign_in_while_trainees_may_not_sign_in(
    tenant_a, staff, make_period, client_for
):
    from accounts.services import security_policy_update

    period = make_period("coaching")
    _link, token = services.trainee_sign_in_link_create(actor=staff.coach, trainee=period.trainee)
    security_policy_update(actor=staff.admin, trainee_sign_in_allowed=False)
    phone = _client(client_for, tenant_a)
    refused = phone.post(f"/accounts/link/{token}/")
    assert refused.status_code == 403
    assert "Trainees cannot sign in" in refused.content.decode()
    assert phone.get("/oma/").status_code == 302  # still signed out
