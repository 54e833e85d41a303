"""Correcting a work order's description, requested dates and contact (``work_order_update``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coaching import services
from coaching.models import WorkOrder

from .test_work_orders import make_order, tasks, unit  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _update(order, actor, **changes):
    params = {
        "actor": actor,
        "order": order,
        "description": "Koulun pihan syyssiivous",
        "requested_start_on": date(2026, 3, 17),
        "requested_end_on": date(2026, 3, 19),
        "contact_name": " Eija Esimerkki ",
        "contact_email": "eija@example.fi",
        "contact_phone": "040 555",
    }
    return services.work_order_update(**(params | changes))


def test_an_open_order_is_corrected(staff, make_order):  # noqa: F811 - the imported fixture
    order = make_order()
    _update(order, staff.coach)

    order = WorkOrder.objects.get(pk=order.pk)
    assert (order.description, order.requested_start_on, order.requested_end_on) == (
        "Koulun pihan syyssiivous",
        date(2026, 3, 17),
        date(2026, 3, 19),
    )
    assert (order.contact_name, order.contact_email, order.contact_phone) == (
        "Eija Esimerkki",
        "eija@example.fi",
        "040 555",
    )


def test_a_single_day_order_has_no_end(staff, make_order):  # noqa: F811 - the imported fixture
    order = _update(make_order(), staff.coach, requested_end_on=None)
    assert WorkOrder.objects.get(pk=order.pk).requested_end_on is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "  "}, "description"),
        ({"requested_start_on": date(2026, 3, 1)}, "requested_start_on"),
        ({"requested_end_on": date(2026, 3, 16)}, "requested_end_on"),
        ({"contact_email": "not an address"}, "contact_email"),
    ],
)
def test_invalid_corrections_are_refused_at_their_field(staff, make_order, changes, field):  # noqa: F811 - the imported fixture
    order = make_order()
    with pytest.raises(ValidationError) as error:
        _update(order, staff.coach, **changes)
    assert list(error.value.message_dict) == [field]
    assert WorkOrder.objects.get(pk=order.pk).description == "Koulun pihan kevätsiivous"


def test_a_done_order_is_not_corrected(staff, make_order):  # noqa: F811 - the imported fixture
    order = make_order(coach=staff.coach)
    services.work_order_transition(
        actor=staff.coach, order=order, to_status="cancelled", reason="Yksikkö perui"
    )
    with pytest.raises(ValidationError) as error:
        _update(order, staff.coach)
    assert list(error.value.message_dict) == ["order"]


def test_roles_outside_the_staff_are_refused(staff, make_order):  # noqa: F811 - the imported fixture
    with pytest.raises(PermissionDenied):
        _update(make_order(), staff.supervisor)
