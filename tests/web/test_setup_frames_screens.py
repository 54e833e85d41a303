"""The setup screens of statuses, service forms and instruments: permissions, errors, 4xx."""

from __future__ import annotations

import pytest

from coaching.models import LocalFrame, ParticipationStatus, ServiceForm, TargetGroup
from competence.capacity.models import Instrument, InstrumentVersion

pytestmark = pytest.mark.django_db

SCREENS = (
    "/asetukset/osallistumismuodot/",
    "/asetukset/palvelumuodot/",
    "/asetukset/arviointimittarit/",
)


@pytest.fixture
def admin_client(tenant_a, staff, client_for):
    client = client_for(tenant_a, staff.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fi"
    return client


def test_the_screens_show_the_statute_and_the_choices(admin_client):
    html = admin_client.get(SCREENS[0]).content.decode()
    assert "Kuntouttava työtoiminta" in html
    assert "Laki kuntouttavasta työtoiminnasta 189/2001" in html  # the legal basis, read-only
    html = admin_client.get(SCREENS[1]).content.decode()
    assert "Selvityspalvelu" in html
    assert "Pitkäaikaistyöttömät" in html
    html = admin_client.get(SCREENS[2]).content.decode()
    published = InstrumentVersion.objects.filter(status="published").first()
    assert published is not None
    assert published.name_fi in html
    assert 'name="kind" value="publish"' not in html  # no draft yet: nothing to publish


def test_staff_other_than_the_admin_are_refused(tenant_a, staff, client_for):
    for user in (staff.coach, staff.supervisor):
        client = client_for(tenant_a, user)
        for url in SCREENS:
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"kind": "sync"}).status_code == 403, url
    anonymous = client_for(tenant_a)
    assert anonymous.get(SCREENS[0]).status_code == 302


def test_a_frame_beyond_the_statute_is_a_400_with_the_finnish_field_error(admin_client):
    status = ParticipationStatus.objects.get(code="rehabilitative_work")
    prefix = f"s{status.pk}"
    response = admin_client.post(
        SCREENS[0],
        {"kind": "frame", "status": status.pk, f"{prefix}-max_days_per_week": "5"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enintään 4: lakisääteinen kehys ei salli enempää." in html
    assert f'id="id_{prefix}-max_days_per_week-error"' in html
    assert not LocalFrame.objects.exists()

    response = admin_client.post(
        SCREENS[0],
        {"kind": "frame", "status": status.pk, f"{prefix}-max_days_per_week": "3"},
    )
    assert response.status_code == 302
    assert LocalFrame.objects.get(status=status).max_days_per_week == 3


def test_taking_a_status_out_of_use(admin_client):
    status = ParticipationStatus.objects.get(code="career_coaching")
    response = admin_client.post(SCREENS[0], {"kind": "use", "status": status.pk, "is_active": "0"})
    assert response.status_code == 302
    assert not ParticipationStatus.objects.get(pk=status.pk).is_active


@pytest.mark.parametrize("posted", [{"status": "999999"}, {"status": "x"}, {}])
def test_an_unknown_row_is_a_404(admin_client, posted):
    assert admin_client.post(SCREENS[0], {"kind": "use", **posted}).status_code == 404
    assert admin_client.post(SCREENS[1], {"kind": "form_edit", "pk": "x"}).status_code == 404


def test_target_groups_and_service_forms_through_the_screen(admin_client):
    response = admin_client.post(SCREENS[1], {"kind": "group_add", "group-name": "Nuoret aikuiset"})
    assert response.status_code == 302
    group = TargetGroup.objects.get(name="Nuoret aikuiset")
    response = admin_client.post(SCREENS[1], {"kind": "group_add", "group-name": "nuoret aikuiset"})
    assert response.status_code == 400
    assert "Nimi on jo käytössä." in response.content.decode()
    response = admin_client.post(
        SCREENS[1],
        {"kind": "group_edit", "pk": group.pk, f"g{group.pk}-name": "NEET-nuoret"},
    )
    assert response.status_code == 302  # is_active unticked: retired
    group.refresh_from_db()
    assert (group.name, group.is_active) == ("NEET-nuoret", False)
    form = ServiceForm.objects.get(code="service_assessment")
    response = admin_client.post(
        SCREENS[1], {"kind": "form_edit", "pk": form.pk, f"f{form.pk}-name": ""}
    )
    assert response.status_code == 400
    assert ServiceForm.objects.get(pk=form.pk).name == "Selvityspalvelu"


def test_authoring_and_publishing_an_instrument_through_the_screen(admin_client):
    data = {
        "kind": "author",
        "new-name": "Tiimityö",
        "new-code": "tiimityo",
        "new-rater_types": ["coach"],
        "new-occasions": ["baseline", "final"],
        "new-scale_from": "1",
        "new-scale_labels": "Ei vielä\nOsittain\nUsein\nLähes aina\nAina",
        "new-items": "",
    }
    response = admin_client.post(SCREENS[2], data)
    assert response.status_code == 400
    assert "Anna vähintään yksi arviointikohde, yksi riviä kohden." in response.content.decode()
    assert not Instrument.objects.filter(code="tiimityo").exists()

    response = admin_client.post(SCREENS[2], {**data, "new-items": "Sopii työnjaosta"})
    assert response.status_code == 302
    draft = InstrumentVersion.objects.get(instrument__code="tiimityo")
    assert draft.status == InstrumentVersion.Status.DRAFT
    response = admin_client.post(SCREENS[2], {"kind": "publish", "pk": draft.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == InstrumentVersion.Status.PUBLISHED
    # Published: never changes; publishing it again is refused with a 400.
    response = admin_client.post(SCREENS[2], {"kind": "publish", "pk": draft.pk})
    assert response.status_code == 400


def test_loading_the_platform_instruments_and_taking_one_out_of_use(admin_client):
    assert admin_client.post(SCREENS[2], {"kind": "sync"}).status_code == 302
    instrument = Instrument.objects.filter(source=Instrument.Source.PLATFORM).first()
    assert instrument is not None
    response = admin_client.post(
        SCREENS[2], {"kind": "active", "pk": instrument.pk, "is_active": "0"}
    )
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert not instrument.is_active
