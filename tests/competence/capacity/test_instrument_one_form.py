"""Authoring a small own instrument in one go (the setup screen's service)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from competence.capacity.models import Instrument, InstrumentVersion
from competence.capacity.services import (
    capacity_instrument_author,
    capacity_version_publish,
    version_definition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _params(**overrides):
    params = {
        "code": "tiimityo",
        "name": "Tiimityötaidot",
        "language": "fi",
        "rater_types": ["coach", "self"],
        "occasions": ["baseline", "final"],
        "scale_from": 1,
        "scale_labels": ["Ei vielä", "Osittain", "Usein", "Lähes aina", "Aina"],
        "items": ["Pyytää apua tarvittaessa", "Sopii työnjaosta"],
    }
    params.update(overrides)
    return params


def test_a_small_instrument_is_a_draft_that_publishes_as_it_is(staff):
    version = capacity_instrument_author(actor=staff.admin, **_params())
    assert version.status == InstrumentVersion.Status.DRAFT
    definition = version_definition(version)
    assert definition.name.fi == "Tiimityötaidot"
    assert definition.rater_types == ("self", "coach")  # canonical order
    assert [point.value for point in definition.scale] == [1, 2, 3, 4, 5]
    (dimension,) = definition.dimensions
    assert [item.text.fi for item in dimension.items] == [
        "Pyytää apua tarvittaessa",
        "Sopii työnjaosta",
    ]
    published = capacity_version_publish(actor=staff.admin, version=version)
    assert published.status == InstrumentVersion.Status.PUBLISHED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"items": [" ", ""]}, "items"),
        ({"scale_labels": ["Vain yksi"]}, "scale_labels"),
        ({"scale_labels": [str(n) for n in range(11)]}, "scale_labels"),
        ({"scale_from": 2}, "scale_from"),
        ({"rater_types": []}, "rater_types"),
        ({"rater_types": ["neighbour"]}, "rater_types"),
        ({"occasions": []}, "occasions"),
        ({"code": "Ei Kelpaa"}, "code"),
        ({"name": " "}, "name"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(staff, overrides, field):
    before = Instrument.objects.count()
    with pytest.raises(ValidationError) as error:
        capacity_instrument_author(actor=staff.admin, **_params(**overrides))
    assert list(error.value.message_dict) == [field]
    assert Instrument.objects.count() == before


def test_a_code_in_use_is_refused(staff):
    capacity_instrument_author(actor=staff.admin, **_params())
    with pytest.raises(ValidationError) as error:
        capacity_instrument_author(actor=staff.admin, **_params())
    assert error.value.message_dict == {"code": ["An instrument with this code already exists."]}


def test_only_the_admin_authors(staff):
    with pytest.raises(PermissionDenied):
        capacity_instrument_author(actor=staff.coach, **_params())
