"""The API refuses oversized, deeply nested and out-of-range input with a translated 4xx."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from api.parsers import MAX_JSON_DEPTH, json_depth

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(world, tenants):
    client = Client(HTTP_HOST=tenants.a.get_primary_domain().domain, HTTP_ACCEPT_LANGUAGE="fi")
    client.force_login(world.staff.coach)
    return client


def _transition(world) -> str:
    return f"/api/v1/periods/{world.own.period.pk}/transition/"


def test_deeply_nested_json_is_refused_before_decoding(world, coach):
    body = "[" * 1000 + "]" * 1000  # 2 KB: a RecursionError (500) before

    response = coach.post(_transition(world), body, content_type="application/json")

    assert response.status_code == 400
    assert "sisäkkäistetty liian syvälle" in response.json()["detail"]
    world.own.period.refresh_from_db()
    assert world.own.period.phase == "continued_coaching"


def test_brackets_inside_strings_are_not_nesting(world, coach):
    reason = "[" * 500 + "{" * 500
    body = {"to_phase": "nonsense", "reason": reason}
    response = coach.post(_transition(world), body, content_type="application/json")
    # Parsed: the serializer or the service answers about the phase, not the parser.
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["to_phase"]


def test_depth_is_counted_without_recursion():
    assert json_depth('{"a": [1, {"b": "]]]"}]}') == 3
    assert json_depth("[" * 100_000 + "]" * 100_000) == 100_000
    assert json_depth('"[[["') == 0
    assert json_depth("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) == MAX_JSON_DEPTH


@pytest.mark.parametrize(
    ("body", "content_type", "code", "text"),
    [
        (b'{"reason": "a\\u0000b", "to_phase": "x"}', "application/json", 400, "NUL"),
        (b'{"reason": "\xff\xfe"}', "application/json", 400, "UTF-8"),
        (b'{"to_phase": NaN}', "application/json", 400, "JSON"),
        (b'{"to_phase": ', "application/json", 400, "JSON"),
        (b"to_phase=a%00b", "application/x-www-form-urlencoded", 400, "NUL"),
        (b'{"a": "' + b"x" * (2 * 1024 * 1024) + b'"}', "application/json", 413, "liian suuri"),
        (b"a=" + b"x" * (2 * 1024 * 1024), "application/x-www-form-urlencoded", 413, "liian"),
        (b"<to_phase/>", "application/xml", 415, ""),
    ],
)
def test_malformed_bodies_get_a_clear_4xx(world, coach, body, content_type, code, text):
    response = coach.post(_transition(world), body, content_type=content_type)

    assert response.status_code == code
    assert text in response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=9223372036854775808", "limit"),  # 2^63: a DataError (500) before
        ("limit=99999999999999999999999999", "limit"),
        ("cursor=9223372036854775808", "cursor"),
        ("limit=-1", "limit"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("cursor=-5", "cursor"),
        ("limit=abc", "limit"),
        ("cursor=1.5", "cursor"),
        ("cursor=cD0xMg%3D%3D", "cursor"),  # DRF's unsigned cursor "p=12": refused
        ("limit=1%00", "limit"),
    ],
)
def test_page_parameters_are_validated(world, coach, query, parameter):
    for path in ("/api/v1/periods/", "/api/v1/trainees/", "/api/v1/placements/"):
        response = coach.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        with translation.override("fi"):
            assert response["Content-Type"] == "application/problem+json"
            [error] = response.json()["errors"]
            assert (error["field"], error["pointer"]) == (parameter, f"#/{parameter}")
            assert error["detail"] == _message(parameter)


def _message(parameter: str) -> str:
    if parameter == "cursor":
        return "Sivun osoitin ei kelpaa; käytä seuraava- ja edellinen-linkkejä."
    return "Anna kokonaisluku väliltä 1–200."


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].partition("/")[2]


def test_valid_page_parameters_still_page(world, coach, make_period):
    make_period("coaching", coach=world.staff.coach)
    response = coach.get("/api/v1/periods/?limit=1")
    assert response.status_code == 200
    first = response.json()
    assert len(first["results"]) == 1
    following = coach.get(_path(first["next"])).json()
    assert following["results"]
    assert following["results"] != first["results"]
    assert following["previous"]


def test_huge_ids_in_the_path_are_not_found(world, coach):
    response = coach.get("/api/v1/periods/99999999999999999999999/")
    assert response.status_code == 404
