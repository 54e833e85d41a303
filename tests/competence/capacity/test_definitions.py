"""The shipped instrument files and the definition parser (no database)."""

from __future__ import annotations

import copy
import json

import pytest

from competence.capacity.definitions import (
    INSTRUMENTS_DIR,
    InstrumentDefinitionError,
    definition_parse,
    platform_definitions,
)

DIMENSIONS = [
    "work_life_readiness",
    "doing_the_work",
    "interaction",
    "stamina",
    "learning",
    "motivation",
]


def _file(code: str) -> dict:
    return json.loads((INSTRUMENTS_DIR / f"{code}.json").read_text(encoding="utf-8"))


def _texts(definition):
    yield definition.name
    yield definition.description
    yield definition.not_observed
    for point in definition.scale:
        yield point.label
    for dimension in definition.dimensions:
        yield dimension.name
        yield dimension.description
        for item in dimension.items:
            yield item.text
            for anchor in item.anchors:
                yield anchor.text


def test_platform_ships_a_coach_observation_and_a_self_assessment():
    definitions = {d.code: d for d in platform_definitions()}

    coach = definitions["valmo-coach-observation"]
    own = definitions["valmo-self-assessment"]
    assert set(definitions) == {"valmo-coach-observation", "valmo-self-assessment"}
    assert [d.code for d in coach.dimensions] == DIMENSIONS
    assert [d.code for d in own.dimensions] == DIMENSIONS
    assert coach.rater_types == ("coach", "supervisor")
    assert own.rater_types == ("self",)
    assert coach.occasions == own.occasions == ("baseline", "interim", "final", "follow_up")


@pytest.mark.parametrize("code", ["valmo-coach-observation", "valmo-self-assessment"])
def test_every_text_is_in_finnish_swedish_and_english(code):
    definition = next(d for d in platform_definitions() if d.code == code)

    texts = list(_texts(definition))

    assert all(text.complete() for text in texts)
    # Three different languages, not one text copied three times.
    assert all(len({text.fi, text.sv, text.en}) == 3 for text in texts if text.fi != "Motivaatio")


@pytest.mark.parametrize("code", ["valmo-coach-observation", "valmo-self-assessment"])
def test_scale_is_one_to_five_with_not_observed_and_items_anchored_at_1_3_5(code):
    definition = next(d for d in platform_definitions() if d.code == code)

    assert [point.value for point in definition.scale] == [1, 2, 3, 4, 5]
    assert definition.not_observed is not None
    for dimension in definition.dimensions:
        assert dimension.items
        for item in dimension.items:
            assert [anchor.value for anchor in item.anchors] == [1, 3, 5]


def test_self_assessment_is_shorter_and_shares_item_codes_with_the_coach_observation():
    definitions = {d.code: d for d in platform_definitions()}
    coach, own = definitions["valmo-coach-observation"], definitions["valmo-self-assessment"]

    for coach_dimension, own_dimension in zip(coach.dimensions, own.dimensions, strict=True):
        coach_items = {item.code for item in coach_dimension.items}
        own_items = {item.code for item in own_dimension.items}
        assert own_items < coach_items, coach_dimension.code


def test_hash_ignores_the_order_of_rater_types_but_not_texts():
    data = _file("valmo-coach-observation")
    reordered = copy.deepcopy(data)
    reordered["rater_types"] = ["supervisor", "coach"]
    reworded = copy.deepcopy(data)
    reworded["dimensions"][0]["items"][0]["text"]["fi"] += " Tarkennettu."

    original = definition_parse(data)

    assert definition_parse(reordered).sha256 == original.sha256
    assert definition_parse(reworded).sha256 != original.sha256


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda d: d["dimensions"][1]["items"][0]["anchors"].pop("3"),
            "$.dimensions[1].items[0].anchors",
        ),
        (
            lambda d: d["dimensions"][2]["items"][1]["anchors"].update({"7": d["name"]}),
            "$.dimensions[2].items[1].anchors.7",
        ),
        (lambda d: d["dimensions"][0]["name"].update({"sv": ""}), "$.dimensions[0].name"),
        (lambda d: d["dimensions"][3].update({"code": "interaction"}), "$.dimensions[3].code"),
        (
            lambda d: d["dimensions"][4]["items"][0].update({"code": "punctuality"}),
            "$.dimensions[4].items[0].code",
        ),
        (lambda d: d.update({"rater_types": ["coach", "manager"]}), "$.rater_types[1]"),
        (lambda d: d["scale"]["points"].reverse(), "$.scale.points"),
        (lambda d: d["scale"]["points"][0].update({"value": "1"}), "$.scale.points[0].value"),
    ],
)
def test_parser_names_the_place_of_a_broken_definition(change, path):
    data = _file("valmo-coach-observation")
    change(data)

    with pytest.raises(InstrumentDefinitionError) as error:
        definition_parse(data)

    assert error.value.path == path


def test_one_language_is_enough_when_complete_texts_are_not_demanded():
    data = _file("valmo-self-assessment")
    for dimension in data["dimensions"]:
        dimension["name"] = {"sv": dimension["name"]["sv"]}

    definition = definition_parse(data, complete_texts=False)

    assert definition.dimensions[0].name.fi == ""
    assert definition.dimensions[0].name.sv == "Arbetslivsfärdigheter"
