"""A database refusal that reaches the API is a 4xx with a translated body, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DataError, IntegrityError, connection, transaction
from django.utils import translation

from api.exceptions import exception_handler
from coaching.models import CoachingPeriod, Phase

pytestmark = pytest.mark.django_db


def _database_error(write) -> Exception:
    with pytest.raises((IntegrityError, DataError)) as error, transaction.atomic():
        write()
    return error.value


def test_a_declared_constraint_becomes_a_field_error(staff, make_period):
    period = make_period("coaching")
    error = _database_error(
        lambda: CoachingPeriod.objects.create(
            trainee=period.trainee,
            coach=staff.coach,
            start_on=date(2026, 9, 1),
            planned_end_on=date(2026, 12, 31),
            phase=Phase.REFERRED,
        )
    )
    english = "The trainee already has an open coaching period."
    with translation.override("fi"):
        response = exception_handler(error, {})
        finnish = translation.gettext(english)
    assert response.status_code == 400
    assert finnish != english
    assert response.content_type == "application/problem+json"
    assert [(error["field"], error["detail"]) for error in response.data["errors"]] == [
        ("trainee", finnish)
    ]


def test_an_undeclared_conflict_is_a_409(tenant_a):
    def write():
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE t_unique (v int UNIQUE)")
            cursor.execute("INSERT INTO t_unique VALUES (1), (1)")

    response = exception_handler(_database_error(write), {})
    assert response.status_code == 409
    assert response.data["code"] == "conflict"
    assert response.data["type"] == "urn:valmo:problem:conflict"


def test_an_out_of_range_value_is_a_400(tenant_a):
    def write():
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s::integer", [2**40])

    response = exception_handler(_database_error(write), {})
    assert response.status_code == 400
    assert str(response.data["detail"]) == "A value is out of the allowed range."
