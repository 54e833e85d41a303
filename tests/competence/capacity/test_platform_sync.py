"""Loading the platform's instruments into a municipality's schema."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.management import call_command

from competence.capacity.definitions import ScalePointDefinition, Text, platform_definitions
from competence.capacity.models import Instrument, InstrumentVersion, Item
from competence.capacity.services import (
    capacity_assessment_submit,
    capacity_instrument_create,
    platform_instruments_sync,
    version_definition,
)

from .conftest import BASELINE_DAY

pytestmark = pytest.mark.django_db


def _reworded(definition):
    """The same instrument with the first item's Finnish text changed."""
    first = definition.dimensions[0]
    item = dataclasses.replace(
        first.items[0], text=dataclasses.replace(first.items[0].text, fi="Tulee ajoissa.")
    )
    dimension = dataclasses.replace(first, items=(item, *first.items[1:]))
    return dataclasses.replace(definition, dimensions=(dimension, *definition.dimensions[1:]))


def test_onboarding_seeds_the_platform_instruments_as_published_versions(tenant_a):
    versions = InstrumentVersion.objects.filter(instrument__source=Instrument.Source.PLATFORM)

    assert sorted(versions.values_list("instrument__code", "number", "status")) == [
        ("valmo-coach-observation", 1, "published"),
        ("valmo-self-assessment", 1, "published"),
    ]
    coach = versions.get(instrument__code="valmo-coach-observation")
    assert coach.dimensions.count() == 6
    assert coach.items.count() == 18
    assert list(coach.scale_points.values_list("value", flat=True)) == [1, 2, 3, 4, 5]
    assert coach.allows_not_observed
    assert coach.published_by is None


def test_stored_version_round_trips_to_the_shipped_definition(tenant_a):
    for definition in platform_definitions():
        version = InstrumentVersion.objects.get(instrument__code=definition.code)

        assert version_definition(version) == definition
        assert version.content_sha256 == definition.sha256


def test_sync_again_changes_nothing(tenant_a):
    before = InstrumentVersion.objects.count(), Item.objects.count()

    report = platform_instruments_sync()

    assert report == {
        "valmo-coach-observation": "unchanged",
        "valmo-self-assessment": "unchanged",
    }
    assert (InstrumentVersion.objects.count(), Item.objects.count()) == before


def test_changed_content_is_published_as_a_new_version_and_old_assessments_keep_theirs(
    tenant_a, staff, make_period, coach_version
):
    period = make_period("coaching")
    assessment = capacity_assessment_submit(
        actor=staff.coach,
        period=period,
        version=coach_version,
        occasion="baseline",
        rater_type="coach",
        assessed_on=BASELINE_DAY,
        answers={"punctuality": 2},
    )
    definitions = platform_definitions()
    changed = [_reworded(d) if d.code == "valmo-coach-observation" else d for d in definitions]

    report = platform_instruments_sync(definitions=changed)

    assert report == {"valmo-coach-observation": "updated", "valmo-self-assessment": "unchanged"}
    versions = InstrumentVersion.objects.filter(instrument__code="valmo-coach-observation")
    assert list(versions.values_list("number", "status")) == [(1, "published"), (2, "published")]
    old, new = versions.order_by("number")
    assert old.items.get(code="punctuality").text_fi == (
        "Saapuu sovitusti ajoissa ja on työvalmiina työajan alkaessa."
    )
    assert new.items.get(code="punctuality").text_fi == "Tulee ajoissa."
    assessment.refresh_from_db()
    assert assessment.version_id == old.pk
    # Running the changed files again is idempotent too.
    assert platform_instruments_sync(definitions=changed)["valmo-coach-observation"] == (
        "unchanged"
    )


def test_a_new_platform_file_creates_its_instrument(tenant_a):
    extra = dataclasses.replace(
        platform_definitions()[1], code="valmo-short-check", name=Text("Lyhyt", "Kort", "Short")
    )

    report = platform_instruments_sync(definitions=[*platform_definitions(), extra])

    assert report["valmo-short-check"] == "created"
    assert Instrument.objects.get(code="valmo-short-check").source == "platform"


def test_platform_and_tenant_codes_do_not_collide(tenant_a, staff):
    capacity_instrument_create(
        actor=staff.admin,
        code="valmo-self-assessment",
        name=Text(fi="Oma"),
        rater_types=["self"],
        scale=[ScalePointDefinition(1, Text(fi="ei")), ScalePointDefinition(2, Text(fi="kyllä"))],
    )

    assert platform_instruments_sync()["valmo-self-assessment"] == "unchanged"
    assert Instrument.objects.filter(code="valmo-self-assessment").count() == 2


def test_command_syncs_every_municipality(tenants):
    out = io.StringIO()

    call_command("capacity_instruments_sync", "test_a", "test_b", stdout=out)

    assert out.getvalue().splitlines() == [
        "test_a: valmo-coach-observation: unchanged, valmo-self-assessment: unchanged",
        "test_b: valmo-coach-observation: unchanged, valmo-self-assessment: unchanged",
    ]
