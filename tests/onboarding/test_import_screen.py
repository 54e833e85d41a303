"""The import screen: upload, preview with errors by row and column, confirm, result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coaching.models import Trainee

pytestmark = pytest.mark.django_db

BAD = "Etunimi;Sukunimi;Syntymäaika\nAino;Ärölä;12.3.1990\nBertta;;1.1.1991\n"
GOOD = "Etunimi;Sukunimi;Syntymäaika\nAino;Ärölä;12.3.1990\nBertta;Berg;1.1.1991\n"


@pytest.fixture
def admin_client(tenant_a, make_user, client_for):
    admin = make_user(tenant_a, role="tenant_admin", email="screen-admin@test-a.example.fi")
    client = client_for(tenant_a, admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    return client


def _upload(client, text: str | bytes, name="valmentautujat.csv", kind="trainees"):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/asetukset/tuonti/", {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_bad_row_then_fixed_file_then_confirm(admin_client):
    page = admin_client.get("/asetukset/tuonti/")
    assert page.status_code == 200
    assert "henkilötunnus" in page.content.decode()  # the accepted column names are listed
    response = _upload(admin_client, BAD)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<td>3</td><td>Sukunimi</td>" in html
    assert 'name="token"' not in html
    assert not Trainee.objects.exists()

    earlier = _upload(admin_client, GOOD).context["token"]
    response = _upload(admin_client, GOOD)
    assert response.status_code == 200
    token = response.context["token"]
    assert token != earlier
    # Only the newest preview can be confirmed; the earlier copy is deleted.
    stale = admin_client.post("/asetukset/tuonti/vahvista/", {"token": earlier, "kind": "trainees"})
    assert stale.status_code == 400
    assert token
    assert not Trainee.objects.exists()  # the preview writes nothing
    response = admin_client.post(
        "/asetukset/tuonti/vahvista/", {"token": token, "kind": "trainees"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/asetukset/tuonti/valmis/"
    assert set(Trainee.objects.values_list("last_name", flat=True)) == {"Ärölä", "Berg"}
    done = admin_client.get("/asetukset/tuonti/valmis/")
    assert "2 valmentautujaa tuotiin." in done.content.decode()
    # The stored copy is gone: confirming again imports nothing twice.
    again = admin_client.post("/asetukset/tuonti/vahvista/", {"token": token, "kind": "trainees"})
    assert again.status_code == 400
    assert Trainee.objects.count() == 2


def test_bad_files_get_a_translated_message_and_a_400(admin_client, settings):
    response = _upload(
        admin_client, "Etunimi;Sukunimi;Syntymäaika\nÄ;Ö;1.1.1990\n".encode("latin-1")
    )
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    settings.VALMO_IMPORT_MAX_BYTES = 100
    response = _upload(admin_client, GOOD + "x" * 200)
    assert response.status_code == 400
    assert "liian suuri" in response.content.decode()
    response = admin_client.post("/asetukset/tuonti/", {"kind": "trainees"})
    assert response.status_code == 400
    assert not Trainee.objects.exists()


def test_a_token_of_another_user_or_a_made_up_one_is_refused(admin_client):
    for token in ("../../etc/passwd", "0" * 32 + ".csv"):
        response = admin_client.post(
            "/asetukset/tuonti/vahvista/", {"token": token, "kind": "trainees"}
        )
        assert response.status_code == 400
    assert not Trainee.objects.exists()


def test_only_the_tenant_admin_sees_the_screen(tenant_a, make_user, client_for):
    coach = make_user(tenant_a, role="work_coach")
    client = client_for(tenant_a, coach)
    assert client.get("/asetukset/tuonti/").status_code == 403
    assert _upload(client, GOOD).status_code == 403
    assert not Trainee.objects.exists()


def test_the_checklist_links_the_import(admin_client):
    assert 'href="/asetukset/tuonti/"' in admin_client.get("/kayttoonotto/").content.decode()
