"""Domain events for newsroom tools (webhooks). Services call `event_publish` inside their
transaction; delivery happens after commit, so an event is sent only for a change that was
kept."""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

EVENT_TYPES = frozenset(
    {
        "article.checked",
        "contradiction.flagged",
        "claim.assigned",
        "verdict.submitted",
        "claim.published",
        "claim.retracted",
    }
)


# The functions that record a published event, registered at start-up by the apps that consume
# events (webhooks, in its AppConfig.ready): factcheck publishes without importing its
# consumers, so the dependency goes one way, consumer → factcheck.
_recorders: list[Callable[..., object]] = []


def event_recorder_register(recorder: Callable[..., object]) -> None:
    """Have `recorder(event_type=..., datas=[...])` called for the events published (one call
    per `event_publish`, one per `event_publish_many` batch)."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def event_publish(*, event_type: str, data: dict) -> None:
    """Record that `event_type` happened, with a JSON-serialisable `data` payload, for
    delivery to the integrations subscribed to it once the current transaction commits."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}")
    event_publish_many(event_type=event_type, datas=[data])


def event_publish_many(*, event_type: str, datas: list[dict]) -> None:
    """`event_publish` for several events of one type at once (a consumer reads what it needs,
    such as the subscriptions to the type, once for all of them, not once per event)."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}")
    if not datas:
        return
    for recorder in _recorders:
        recorder(event_type=event_type, datas=datas)
