"""Domain events: lower layers publish, upper layers subscribe (dependency inversion).

A service calls ``event_publish("period.phase_changed", object_type="coaching.coachingperiod",
object_id=period.pk)`` inside its transaction. Subscribers (webhooks in ``integrations``,
registered in its ``AppConfig.ready``) are called once the transaction commits, in the same
database schema, so a rolled-back write publishes nothing. The kernel knows only the names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

logger = logging.getLogger(__name__)

# Every event type an integration can subscribe to (``final_summary.delivered``: by
# ``competence.reports.services.delivery_create`` for final summaries, not interim reports).
EVENT_TYPES: tuple[str, ...] = (
    "referral.accepted",
    "period.phase_changed",
    "certificate.issued",
    "final_summary.delivered",
)


@dataclass(frozen=True)
class Event:
    name: str
    object_type: str
    object_id: int | str
    schema_name: str
    extra: dict


Subscriber = Callable[[Event], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> None:
    """Register a subscriber (idempotent: ``ready()`` may run more than once in tests)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def unsubscribe(subscriber: Subscriber) -> None:
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def _deliver(event: Event) -> None:
    for subscriber in list(_subscribers):
        try:
            subscriber(event)
        except Exception:  # one failing subscriber must not hide the event from the others
            logger.exception("event subscriber %r failed for %s", subscriber, event.name)


def event_publish(
    name: str, *, object_type: str, object_id: int | str, extra: dict | None = None
) -> None:
    """Hand the event to every subscriber when the current transaction commits.

    ``extra`` carries ids and codes only (e.g. the phases of a transition), never personal data.
    """
    if name not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {name!r}")
    event = Event(
        name=name,
        object_type=object_type,
        object_id=object_id,
        schema_name=getattr(connection, "schema_name", "public"),
        extra=dict(extra or {}),
    )
    transaction.on_commit(lambda: _deliver(event))
