"""Staff invitations: who may invite, the e-mail, the one-time link and its failure pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.services import staff_invite

from .conftest import PASSWORD, host_client, link_in_mail, sign_in, signed_in_user_id

pytestmark = pytest.mark.django_db

HOST_A = "test-a.test.localhost"
HOST_B = "test-b.test.localhost"


@pytest.fixture
def admin_a(tenants, make_account):
    return make_account(tenants.a, role="tenant_admin", first_name="Paula", last_name="Pääkäyttäjä")


def _invite(actor, capture, **overrides):
    params = {
        "actor": actor,
        "email": "Uusi.Valmentaja@Example.fi",
        "role": User.Role.WORK_COACH,
        "first_name": "Uuno",
        "last_name": "Uusi",
    }
    params.update(overrides)
    with capture(execute=True):
        return staff_invite(**params)


def test_invitation_creates_account_without_password_and_mails_a_link(
    tenants, admin_a, django_capture_on_commit_callbacks
):
    invitation = _invite(admin_a, django_capture_on_commit_callbacks)

    user = invitation.user
    assert user.email == "uusi.valmentaja@example.fi"
    assert user.role == User.Role.WORK_COACH
    assert not user.has_usable_password()
    assert invitation.invited_by == admin_a
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uusi.valmentaja@example.fi"]
    assert "Testikunta A" in message.subject
    assert f"http://{HOST_A}:8000/accounts/invitation/" in message.body
    assert "Paula Pääkäyttäjä" in message.body


@pytest.mark.parametrize(
    ("language", "role_label"), [("sv", "Arbetscoach"), ("fi", "Työvalmentaja")]
)
def test_invitation_mail_uses_the_municipality_language(
    tenants, make_account, django_capture_on_commit_callbacks, language, role_label, monkeypatch
):
    from django.utils import translation

    # The row change is rolled back with the test; monkeypatch restores the shared object.
    monkeypatch.setattr(tenants.b, "default_language", language)
    tenants.b.save(update_fields=["default_language"])
    admin_b = make_account(tenants.b, role="tenant_admin")

    with translation.override("en"):  # the inviting admin's own language does not matter
        _invite(admin_b, django_capture_on_commit_callbacks)

    assert role_label in mail.outbox[-1].body
    assert "Work coach" not in mail.outbox[-1].body


def test_accepting_sets_password_confirms_address_and_spends_the_link(
    tenants, admin_a, django_capture_on_commit_callbacks
):
    invitation = _invite(admin_a, django_capture_on_commit_callbacks)
    path = link_in_mail("/accounts/invitation/")
    client = host_client(HOST_A)

    page = client.get(path)
    assert page.status_code == 200
    assert "uusi.valmentaja@example.fi" in page.content.decode()

    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"

    connection.set_tenant(tenants.a)
    user = User.objects.get(pk=invitation.user_id)
    assert user.check_password(PASSWORD)
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None

    # The new password works at once (the address is confirmed), and the link is spent.
    assert sign_in(client, user.email)["Location"] == "/"
    assert signed_in_user_id(client) == user.pk
    again = host_client(HOST_A, HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert again.status_code == 410
    assert "already been used" in str(again.context["problem"])


def test_weak_or_mismatched_password_is_refused_on_its_field(
    tenants, admin_a, django_capture_on_commit_callbacks
):
    invitation = _invite(admin_a, django_capture_on_commit_callbacks)
    path = link_in_mail("/accounts/invitation/")
    client = host_client(HOST_A, HTTP_ACCEPT_LANGUAGE="en")

    weak = client.post(path, {"password1": "12345", "password2": "12345"})
    mismatch = client.post(path, {"password1": PASSWORD, "password2": PASSWORD + "x"})

    assert weak.status_code == 200
    assert weak.context["form"].errors["password1"]
    assert mismatch.context["form"].errors["password2"] == ["The two passwords do not match."]
    connection.set_tenant(tenants.a)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.get(pk=invitation.user_id).has_usable_password()


def test_expired_link_gets_a_clear_page(tenants, admin_a, django_capture_on_commit_callbacks):
    invitation = _invite(admin_a, django_capture_on_commit_callbacks)
    path = link_in_mail("/accounts/invitation/")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    client = host_client(HOST_A, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(path)
    post = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})

    assert page.status_code == 410
    assert "This invitation link has expired." in page.content.decode()
    assert post.status_code == 410
    connection.set_tenant(tenants.a)
    assert not User.objects.get(pk=invitation.user_id).has_usable_password()


def test_reinviting_resends_and_replaces_the_old_link(
    tenants, admin_a, django_capture_on_commit_callbacks
):
    first = _invite(admin_a, django_capture_on_commit_callbacks)
    old_path = link_in_mail("/accounts/invitation/")
    second = _invite(admin_a, django_capture_on_commit_callbacks, role=User.Role.CAREER_AGENT)
    new_path = link_in_mail("/accounts/invitation/")

    assert len(mail.outbox) == 2
    assert old_path != new_path
    assert second.user_id == first.user_id
    assert User.objects.get(pk=first.user_id).role == User.Role.CAREER_AGENT
    first.refresh_from_db()
    assert first.revoked_at is not None

    client = host_client(HOST_A, HTTP_ACCEPT_LANGUAGE="en")
    old = client.get(old_path)
    assert old.status_code == 410
    assert "replaced by a newer one" in old.content.decode()
    assert client.get(new_path).status_code == 200


def test_inviting_an_account_in_use_is_refused(tenants, admin_a, make_account):
    coach = make_account(tenants.a, role="work_coach")

    with pytest.raises(ValidationError) as excinfo:
        staff_invite(actor=admin_a, email=coach.email, role=User.Role.WORK_COACH)

    assert list(excinfo.value.message_dict) == ["email"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "ei-osoite"}, "email"),
        ({"role": "trainee"}, "role"),
        ({"role": "platform_operator"}, "role"),
        ({"role": "nonsense"}, "role"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(tenants, admin_a, overrides, field):
    before = (User.objects.count(), Invitation.objects.count())

    with pytest.raises(ValidationError) as excinfo:
        staff_invite(
            **{"actor": admin_a, "email": "x@example.fi", "role": "work_coach", **overrides}
        )

    assert list(excinfo.value.message_dict) == [field]
    assert (User.objects.count(), Invitation.objects.count()) == before


@pytest.mark.parametrize("role", ["work_coach", "career_agent", "unit_supervisor", "trainee"])
def test_only_the_tenant_admin_may_invite(tenants, make_account, role):
    actor = make_account(tenants.a, role=role)

    with pytest.raises(PermissionDenied):
        staff_invite(actor=actor, email="x@example.fi", role="work_coach")

    assert not User.objects.filter(email="x@example.fi").exists()


def test_sending_task_is_idempotent(tenants, admin_a, django_capture_on_commit_callbacks):
    from accounts.tasks import invitation_send

    invitation = _invite(admin_a, django_capture_on_commit_callbacks)

    assert invitation_send(invitation.pk) is False
    assert invitation_send(999_999) is False
    assert len(mail.outbox) == 1


def test_link_of_one_tenant_is_invalid_on_another(
    tenants, admin_a, django_capture_on_commit_callbacks
):
    _invite(admin_a, django_capture_on_commit_callbacks)
    path = link_in_mail("/accounts/invitation/")

    response = host_client(HOST_B, HTTP_ACCEPT_LANGUAGE="en").get(path)

    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_tampered_link_is_invalid(tenants, admin_a, django_capture_on_commit_callbacks):
    _invite(admin_a, django_capture_on_commit_callbacks)
    path = link_in_mail("/accounts/invitation/")
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    response = host_client(HOST_A).get(tampered)

    assert response.status_code == 404


def test_invitation_page_for_the_tenant_admin(tenants, admin_a, client_for):
    client = client_for(tenants.a, admin_a)

    page = client.get("/accounts/invitations/")
    assert page.status_code == 200
    roles = [value for value, _label in page.context["form"].fields["role"].choices]
    assert roles == ["tenant_admin", "work_coach", "career_agent", "unit_supervisor"]

    response = client.post(
        "/accounts/invitations/",
        {"email": "ohjaaja@example.fi", "role": "unit_supervisor", "first_name": "Olga"},
    )
    assert response.status_code == 302
    connection.set_tenant(tenants.a)
    assert User.objects.get(email="ohjaaja@example.fi").role == "unit_supervisor"
    listing = client.get("/accounts/invitations/").content.decode()
    assert "ohjaaja@example.fi" in listing


def test_invitation_page_is_refused_to_other_staff(tenants, make_account, client_for):
    coach = make_account(tenants.a, role="work_coach")

    assert client_for(tenants.a, coach).get("/accounts/invitations/").status_code == 403


def test_operator_invites_a_regional_coordinator_on_the_public_host(
    tenants, make_account, django_capture_on_commit_callbacks
):
    operator = make_account(None, role="platform_operator", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        invitation = staff_invite(
            actor=operator, email="koordinaattori@example.fi", role="regional_coordinator"
        )

    assert connection.schema_name == "public"
    assert invitation.user.role == "regional_coordinator"
    assert "http://localhost:8000/accounts/invitation/" in mail.outbox[-1].body
    with pytest.raises(ValidationError) as excinfo:
        staff_invite(actor=operator, email="valmentaja@example.fi", role="work_coach")
    assert list(excinfo.value.message_dict) == ["role"]

    path = link_in_mail("/accounts/invitation/")
    client = host_client("localhost")
    assert client.post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    assert sign_in(client, "koordinaattori@example.fi")["Location"] == "/koordinaattori/"
    # The coordinator's link and account are unknown on a municipality's host.
    assert host_client(HOST_A).get(path).status_code == 404


def test_onboarding_invites_the_first_admin_with_the_same_link(
    tenants, django_capture_on_commit_callbacks
):
    from onboarding.services import municipality_onboard

    with django_capture_on_commit_callbacks(execute=True):
        municipality_onboard(
            name="Polvijärvi",
            domain="polvijarvi.test.localhost",
            region="test_area",
            admin_email="admin@polvijarvi.fi",
        )

    path = link_in_mail("/accounts/invitation/")
    client = host_client("polvijarvi.test.localhost")
    assert client.post(path, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    # A new municipality's first admin lands on the setup checklist (docs/web.md, Onboarding).
    assert sign_in(client, "admin@polvijarvi.fi")["Location"] == "/kayttoonotto/"
