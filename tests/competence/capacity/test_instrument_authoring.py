"""A municipality's own instruments: drafts, publishing, immutability, new versions, copies."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competence.capacity import services
from competence.capacity.definitions import ScalePointDefinition, Text
from competence.capacity.models import Dimension, Instrument, InstrumentVersion, Item, ItemAnchor

pytestmark = pytest.mark.django_db

SCALE = [
    ScalePointDefinition(1, Text(fi="Ei vielä")),
    ScalePointDefinition(2, Text(fi="Osittain")),
    ScalePointDefinition(3, Text(fi="Kyllä")),
]
ANCHORS = {1: Text(fi="Ei onnistu"), 3: Text(fi="Onnistuu")}


def _draft(staff, code="oma-mittari"):
    return services.capacity_instrument_create(
        actor=staff.admin,
        code=code,
        name=Text(fi="Oma mittari"),
        rater_types=["coach", "self"],
        scale=SCALE,
        not_observed=Text(fi="Ei havaittu"),
    )


def _complete(staff, version):
    dimension = services.capacity_dimension_add(
        actor=staff.admin, version=version, code="arki", name=Text(fi="Arjen taidot")
    )
    services.capacity_item_add(
        actor=staff.admin,
        dimension=dimension,
        code="aamu",
        text=Text(fi="Herää ajoissa"),
        anchors=ANCHORS,
    )
    services.capacity_item_add(
        actor=staff.admin,
        dimension=dimension,
        code="ruoka",
        text=Text(fi="Huolehtii ruokailusta"),
        anchors=ANCHORS,
    )
    return dimension


def _error_fields(error) -> list[str]:
    return list(error.value.message_dict)


def test_create_add_and_publish(staff):
    version = _draft(staff)
    _complete(staff, version)

    published = services.capacity_version_publish(actor=staff.admin, version=version)

    assert (published.number, published.status) == (1, "published")
    assert published.published_by == staff.admin
    assert published.instrument.source == Instrument.Source.TENANT
    # Rater types are kept in the canonical order, whatever order they were given in.
    assert published.rater_types == ["self", "coach"]
    assert list(published.items.values_list("code", "position")) == [("aamu", 1), ("ruoka", 2)]
    assert published.content_sha256 == services.version_definition(published).sha256


def test_only_a_tenant_admin_authors_instruments(staff):
    with pytest.raises(PermissionDenied):
        services.capacity_instrument_create(
            actor=staff.coach, code="x", name=Text(fi="X"), rater_types=["coach"], scale=SCALE
        )
    version = _draft(staff)
    with pytest.raises(PermissionDenied):
        services.capacity_dimension_add(
            actor=staff.coach, version=version, code="d", name=Text(fi="D")
        )
    with pytest.raises(PermissionDenied):
        services.capacity_version_publish(actor=staff.supervisor, version=version)


def test_a_published_version_cannot_change(staff):
    version = _draft(staff)
    dimension = _complete(staff, version)
    services.capacity_version_publish(actor=staff.admin, version=version)
    item = dimension.items.first()

    attempts = [
        lambda: services.capacity_dimension_add(
            actor=staff.admin, version=version, code="uusi", name=Text(fi="Uusi")
        ),
        lambda: services.capacity_item_add(
            actor=staff.admin, dimension=dimension, code="uusi", text=Text(fi="U"), anchors=ANCHORS
        ),
        lambda: services.capacity_item_update(
            actor=staff.admin, item=item, text=Text(fi="Muutettu"), anchors=ANCHORS
        ),
        lambda: services.capacity_item_remove(actor=staff.admin, item=item),
        lambda: services.capacity_dimension_remove(actor=staff.admin, dimension=dimension),
        lambda: services.capacity_draft_update(
            actor=staff.admin,
            version=version,
            name=Text(fi="Uusi nimi"),
            rater_types=["coach"],
            scale=SCALE,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()

    item.refresh_from_db()
    assert item.text_fi == "Herää ajoissa"
    assert Item.objects.filter(version=version).count() == 2
    version.refresh_from_db()
    assert version.name_fi == "Oma mittari"


def test_editing_means_a_new_draft_version_copied_from_the_newest(staff):
    version = _draft(staff)
    _complete(staff, version)
    services.capacity_version_publish(actor=staff.admin, version=version)

    draft = services.capacity_version_draft_create(actor=staff.admin, instrument=version.instrument)
    item = draft.items.get(code="aamu")
    services.capacity_item_update(
        actor=staff.admin, item=item, text=Text(fi="Herää itse ajoissa"), anchors=ANCHORS
    )
    draft = services.capacity_version_publish(actor=staff.admin, version=draft)

    assert (draft.number, draft.status) == (2, "published")
    assert version.items.get(code="aamu").text_fi == "Herää ajoissa"
    assert draft.items.get(code="aamu").text_fi == "Herää itse ajoissa"
    assert services.version_definition(draft).sha256 != services.version_definition(version).sha256


def test_one_draft_at_a_time(staff):
    version = _draft(staff)

    with pytest.raises(ValidationError) as error:
        services.capacity_version_draft_create(actor=staff.admin, instrument=version.instrument)

    assert _error_fields(error) == ["instrument"]


def test_platform_instruments_are_copied_not_edited(staff, coach_version):
    with pytest.raises(ValidationError) as error:
        services.capacity_version_draft_create(
            actor=staff.admin, instrument=coach_version.instrument
        )
    assert _error_fields(error) == ["instrument"]

    copy = services.capacity_instrument_copy(
        actor=staff.admin, version=coach_version, code="oma-havainnointi"
    )

    assert (copy.status, copy.number, copy.instrument.source) == ("draft", 1, "tenant")
    assert copy.instrument.copied_from == coach_version
    assert copy.items.count() == coach_version.items.count() == 18
    assert ItemAnchor.objects.filter(item__version=copy).count() == 54
    # Same content, so the same hash once published.
    services.capacity_version_publish(actor=staff.admin, version=copy)
    copy.refresh_from_db()
    assert copy.content_sha256 == coach_version.content_sha256


def test_publish_refuses_an_incomplete_draft(staff):
    version = _draft(staff)
    with pytest.raises(ValidationError) as error:
        services.capacity_version_publish(actor=staff.admin, version=version)
    assert _error_fields(error) == ["version"]

    dimension = services.capacity_dimension_add(
        actor=staff.admin, version=version, code="arki", name=Text(fi="Arki")
    )
    with pytest.raises(ValidationError) as error:
        services.capacity_version_publish(actor=staff.admin, version=version)
    assert "arki" in error.value.message_dict["version"][0]

    services.capacity_item_add(
        actor=staff.admin,
        dimension=dimension,
        code="aamu",
        text=Text(fi="Herää"),
        anchors={1: Text(fi="Ei")},
    )
    with pytest.raises(ValidationError) as error:
        services.capacity_version_publish(actor=staff.admin, version=version)
    assert "aamu" in error.value.message_dict["version"][0]
    version.refresh_from_db()
    assert version.status == "draft"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"code": "Iso Koodi"}, "code"),
        ({"name": Text()}, "name"),
        ({"rater_types": []}, "rater_types"),
        ({"rater_types": ["boss"]}, "rater_types"),
        ({"occasions": ["someday"]}, "occasions"),
        ({"scale": SCALE[:1]}, "scale"),
        ({"scale": [SCALE[1], SCALE[0]]}, "scale"),
        ({"scale": [*SCALE[:2], ScalePointDefinition(3, Text())]}, "scale"),
        ({"not_observed": Text()}, "not_observed"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(staff, kwargs, field):
    arguments = {
        "actor": staff.admin,
        "code": "oma",
        "name": Text(fi="Oma"),
        "rater_types": ["coach"],
        "scale": SCALE,
        **kwargs,
    }

    with pytest.raises(ValidationError) as error:
        services.capacity_instrument_create(**arguments)

    assert _error_fields(error) == [field]
    assert not Instrument.objects.filter(source="tenant").exists()


def test_duplicate_codes_are_refused(staff):
    version = _draft(staff)
    dimension = _complete(staff, version)

    with pytest.raises(ValidationError) as error:
        _draft(staff)
    assert _error_fields(error) == ["code"]
    with pytest.raises(ValidationError) as error:
        services.capacity_dimension_add(
            actor=staff.admin, version=version, code="arki", name=Text(fi="Toinen")
        )
    assert _error_fields(error) == ["code"]
    other = services.capacity_dimension_add(
        actor=staff.admin, version=version, code="toinen", name=Text(fi="Toinen")
    )
    with pytest.raises(ValidationError) as error:
        # Item codes are unique in the whole version, not only in their dimension.
        services.capacity_item_add(
            actor=staff.admin, dimension=other, code="aamu", text=Text(fi="A"), anchors=ANCHORS
        )
    assert _error_fields(error) == ["code"]
    assert dimension.items.count() == 2


def test_anchor_must_be_on_the_scale(staff):
    version = _draft(staff)
    dimension = services.capacity_dimension_add(
        actor=staff.admin, version=version, code="arki", name=Text(fi="Arki")
    )

    with pytest.raises(ValidationError) as error:
        services.capacity_item_add(
            actor=staff.admin,
            dimension=dimension,
            code="aamu",
            text=Text(fi="A"),
            anchors={**ANCHORS, 5: Text(fi="Viisi")},
        )

    assert _error_fields(error) == ["anchors"]
    assert not Item.objects.filter(version=version).exists()


def test_scale_change_that_would_orphan_anchors_is_refused(staff):
    version = _draft(staff)
    _complete(staff, version)

    with pytest.raises(ValidationError) as error:
        services.capacity_draft_update(
            actor=staff.admin,
            version=version,
            name=Text(fi="Oma"),
            rater_types=["coach"],
            scale=SCALE[:2],
        )

    assert _error_fields(error) == ["scale"]
    assert version.scale_points.count() == 3


def test_draft_update_replaces_header_and_scale(staff):
    version = _draft(staff)
    _complete(staff, version)
    scale = [*SCALE, ScalePointDefinition(4, Text(fi="Erinomainen", en="Excellent"))]

    services.capacity_draft_update(
        actor=staff.admin,
        version=version,
        name=Text(fi="Arjen mittari", sv="Vardagsmätare"),
        rater_types=["coach"],
        occasions=["baseline", "final"],
        scale=scale,
    )

    version.refresh_from_db()
    assert (version.name_fi, version.name_sv) == ("Arjen mittari", "Vardagsmätare")
    assert (version.rater_types, version.occasions) == (["coach"], ["baseline", "final"])
    assert not version.allows_not_observed
    assert list(version.scale_points.values_list("value", "label_en")) == [
        (1, ""),
        (2, ""),
        (3, ""),
        (4, "Excellent"),
    ]


def test_removing_keeps_positions_consecutive(staff):
    version = _draft(staff)
    first = _complete(staff, version)
    second = services.capacity_dimension_add(
        actor=staff.admin, version=version, code="toinen", name=Text(fi="Toinen")
    )
    services.capacity_item_remove(actor=staff.admin, item=first.items.get(code="aamu"))
    services.capacity_dimension_remove(actor=staff.admin, dimension=first)

    second.refresh_from_db()
    assert second.position == 1
    assert not Dimension.objects.filter(code="arki", version=version).exists()
    assert not Item.objects.filter(version=version).exists()


def test_discarding_the_only_draft_removes_the_instrument(staff):
    version = _draft(staff)

    services.capacity_draft_delete(actor=staff.admin, version=version)

    assert not InstrumentVersion.objects.filter(pk=version.pk).exists()
    assert not Instrument.objects.filter(code="oma-mittari").exists()


def test_instrument_can_be_taken_out_of_use_by_admin_only(staff, coach_version):
    with pytest.raises(PermissionDenied):
        services.capacity_instrument_active_set(
            actor=staff.coach, instrument=coach_version.instrument, is_active=False
        )

    services.capacity_instrument_active_set(
        actor=staff.admin, instrument=coach_version.instrument, is_active=False
    )

    coach_version.instrument.refresh_from_db()
    assert coach_version.instrument.is_active is False
