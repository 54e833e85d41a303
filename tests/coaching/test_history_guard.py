"""History rows refuse UPDATE and DELETE in the database; only the retention gate lets them."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from coaching.models import PeriodTransition
from valmo.append_only import retention_gate_open

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE coaching_periodtransition SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM coaching_periodtransition WHERE id = %s",
    ],
)
def test_a_phase_change_cannot_be_rewritten_or_deleted(make_period, statement):
    transition = make_period("coaching").transitions.first()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [transition.pk])

    assert PeriodTransition.objects.filter(pk=transition.pk, reason=transition.reason).exists()


class _RolledBack(Exception):
    pass


def test_the_retention_gate_lets_its_own_transaction_rewrite_and_closes_with_it(make_period):
    transition = make_period("coaching").transitions.first()

    # The test itself runs in a transaction, so a savepoint stands in for the retention
    # service's transaction: the setting is transactional and ends with it.
    seen_inside = []

    def rewrite_then_roll_back() -> None:
        with transaction.atomic():
            retention_gate_open()
            PeriodTransition.objects.filter(pk=transition.pk).update(reason="")
            seen_inside.append(PeriodTransition.objects.get(pk=transition.pk).reason)
            raise _RolledBack

    with pytest.raises(_RolledBack):
        rewrite_then_roll_back()

    assert seen_inside == [""]

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PeriodTransition.objects.filter(pk=transition.pk).update(reason="again")
